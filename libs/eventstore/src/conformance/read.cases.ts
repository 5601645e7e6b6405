import { anyVersion, noStream, type RecordedEvent } from '../port/event-store.port';
import { aStreamId, anEvent, events, type ConformanceFactory, type ConformanceFixture } from './fixtures';

/** Reading streams and $all, round-trips, metadata, upcasting, payload size and checkpoints. */
export function readCases(fixture: () => ConformanceFixture, factory: ConformanceFactory): void {
  describe('read', () => {
    const versions = (es: RecordedEvent[]): number[] => es.map((e) => e.streamVersion);

    it('reads a stream forwards and backwards from a version with maxCount', async () => {
      const { store } = fixture();
      const id = aStreamId();
      await store.append(id, events(5), noStream);
      expect(versions(await store.readStream(id, { fromVersion: 2, maxCount: 2 }))).toEqual([2, 3]);
      expect(versions(await store.readStream(id, { direction: 'backwards' }))).toEqual([5, 4, 3, 2, 1]);
      expect(
        versions(await store.readStream(id, { direction: 'backwards', fromVersion: 3, maxCount: 2 })),
      ).toEqual([3, 2]);
      expect(await store.readStream(aStreamId())).toEqual([]);
    });

    it('reads all events after a position with maxCount', async () => {
      const { store } = fixture();
      const id = aStreamId();
      const before = await store.append(aStreamId(), events(1), noStream);
      await store.append(id, events(3), noStream);
      const page = await store.readAll({ after: before.lastGlobalPosition, maxCount: 2 });
      expect(page.map((e) => [e.streamId, e.streamVersion])).toEqual([
        [id, 1],
        [id, 2],
      ]);
    });

    it('reads all events of streams with given prefixes, up to a position, and knows its head', async () => {
      const { store } = fixture();
      const tag = aStreamId('p');
      const start = await store.headPosition();
      await store.append(`${tag}-a-1`, events(2), noStream);
      await store.append(`${tag}-b-1`, events(1), noStream);
      const third = await store.append(`${tag}-a-2`, events(1), noStream);
      await store.append(`${tag}-c-1`, events(1), noStream);
      const head = await store.headPosition();
      expect(head > third.lastGlobalPosition).toBe(true);
      const read = async (o: { streamPrefixes?: string[]; until?: bigint; maxCount?: number }) =>
        (await store.readAll({ after: start, ...o })).map(
          (e) => `${e.streamId.slice(tag.length)}@${e.streamVersion}`,
        );
      expect(await read({ streamPrefixes: [`${tag}-a-`] })).toEqual(['-a-1@1', '-a-1@2', '-a-2@1']);
      expect(await read({ streamPrefixes: [`${tag}-a-`, `${tag}-c-`], maxCount: 3 })).toEqual([
        '-a-1@1',
        '-a-1@2',
        '-a-2@1',
      ]);
      expect(await read({ streamPrefixes: [`${tag}-c-`, `${tag}-b-`] })).toEqual(['-b-1@1', '-c-1@1']);
      expect(await read({ until: third.lastGlobalPosition })).toEqual([
        '-a-1@1',
        '-a-1@2',
        '-b-1@1',
        '-a-2@1',
      ]);
      expect(await read({ streamPrefixes: [] })).toEqual([]);
      expect(await read({ streamPrefixes: [`${tag}-z-`] })).toEqual([]);
    });

    it('reads the events up to a position stream by stream, in pages (when the store can)', async () => {
      const { store } = fixture();
      if (!store.readByStream) return;
      const tag = aStreamId('q');
      await store.append(`${tag}-b`, events(2), noStream);
      await store.append(`${tag}-a`, events(1), noStream);
      await store.append(`${tag}x-other`, events(1), noStream);
      const head = await store.headPosition();
      await store.append(`${tag}-a`, events(1), anyVersion);
      await store.append(`${tag}-c`, events(1), noStream);
      const page = async (maxCount: number, after?: { streamId: string; streamVersion: number }) =>
        (
          await store.readByStream?.({
            streamPrefix: `${tag}-`,
            until: head,
            maxCount,
            ...(after ? { after } : {}),
          })
        )?.map((e) => `${e.streamId.slice(tag.length)}@${e.streamVersion}`);
      // Each stream's events together and in order; nothing after the position, no other prefix.
      expect(await page(10)).toEqual(['-a@1', '-b@1', '-b@2']);
      expect(await page(2)).toEqual(['-a@1', '-b@1']);
      expect(await page(2, { streamId: `${tag}-b`, streamVersion: 1 })).toEqual(['-b@2']);
      expect(await page(2, { streamId: `${tag}-b`, streamVersion: 2 })).toEqual([]);
    });

    it('round-trips data, metadata, occurredAt and schemaVersion', async () => {
      const { store } = fixture();
      const id = aStreamId();
      const occurredAt = new Date('2024-02-29T12:34:56.789Z');
      const metadata = {
        tenantId: 't1',
        correlationId: 'c1',
        causationId: 'x',
        actor: 'ann',
        traceparent: 'tp',
      };
      const event = anEvent({
        data: { a: [1, 'two', null], b: { c: true } },
        metadata,
        occurredAt,
        schemaVersion: 3,
      });
      const result = await store.append(id, [event], noStream);
      const [read] = await store.readStream(id);
      expect(read).toMatchObject({
        eventId: event.eventId,
        type: event.type,
        streamId: id,
        streamVersion: 1,
        globalPosition: result.lastGlobalPosition,
        data: event.data,
        metadata,
        occurredAt,
        schemaVersion: 3,
      });
      expect(read?.recordedAt).toBeInstanceOf(Date);
    });

    it('sets and gets stream metadata', async () => {
      const { store } = fixture();
      const id = aStreamId();
      expect(await store.getStreamMetadata(id)).toBeUndefined();
      await store.setStreamMetadata(id, { tenantId: 't1' });
      await store.setStreamMetadata(id, { tenantId: 't2', owner: 'ops' });
      expect(await store.getStreamMetadata(id)).toEqual({ tenantId: 't2', owner: 'ops' });
    });

    it('applies upcasters on read', async () => {
      const upcasted = await factory({
        upcasters: [
          (e) => (e.schemaVersion === 1 ? { ...{}, ...e, schemaVersion: 2, data: { wrapped: e.data } } : e),
        ],
      });
      try {
        const id = aStreamId();
        await upcasted.store.append(id, [anEvent({ data: { n: 7 } })], anyVersion);
        const [read] = await upcasted.store.readStream(id);
        expect(read).toMatchObject({ schemaVersion: 2, data: { wrapped: { n: 7 } } });
      } finally {
        await upcasted.dispose();
      }
    });

    it('stores a 1 MiB payload', async () => {
      const { store } = fixture();
      const id = aStreamId();
      const data = { blob: 'x'.repeat(1024 * 1024) };
      await store.append(id, [anEvent({ data })], noStream);
      expect((await store.readStream(id))[0]?.data).toEqual(data);
    });

    it('saves and loads checkpoints', async () => {
      const { checkpoints } = fixture();
      const name = `cp-${aStreamId()}`;
      expect(await checkpoints.load(name)).toBeUndefined();
      await checkpoints.save(name, 42n);
      await checkpoints.save(name, 9_007_199_254_740_993n);
      expect(await checkpoints.load(name)).toBe(9_007_199_254_740_993n);
    });
  });
}
