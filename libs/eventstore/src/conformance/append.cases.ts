import { DuplicateEventIdError, WrongExpectedVersionError } from '../port/errors';
import { anyVersion, exactVersion, noStream } from '../port/event-store.port';
import { aStreamId, anEvent, events, type ConformanceFixture } from './fixtures';

/** Appending: expected versions, numbering, idempotency and concurrent writers. */
export function appendCases(fixture: () => ConformanceFixture): void {
  describe('append', () => {
    it.each([
      ['no-stream', noStream],
      ['any', anyVersion],
      ['exact(0)', exactVersion(0)],
    ])('appends to a new stream expecting %s', async (_, expected) => {
      const { store } = fixture();
      const id = aStreamId();
      const result = await store.append(id, events(2), expected);
      expect(result).toMatchObject({ nextExpectedVersion: 2, written: true });
      expect(await store.streamVersion(id)).toBe(2);
    });

    it('numbers stream versions from 1 upwards', async () => {
      const { store } = fixture();
      const id = aStreamId();
      await store.append(id, events(2), noStream);
      const r = await store.append(id, events(3), exactVersion(2));
      expect(r.nextExpectedVersion).toBe(5);
      expect((await store.readStream(id)).map((e) => e.streamVersion)).toEqual([1, 2, 3, 4, 5]);
    });

    it('rejects a stale exact version with the actual version', async () => {
      const { store } = fixture();
      const id = aStreamId();
      await store.append(id, events(3), noStream);
      const error = await store.append(id, events(1), exactVersion(1)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(WrongExpectedVersionError);
      expect(error).toMatchObject({ streamId: id, actualVersion: 3 });
      await expect(store.append(id, events(1), noStream)).rejects.toBeInstanceOf(WrongExpectedVersionError);
    });

    it('treats a re-append of the same event ids at the same place as a no-op', async () => {
      const { store } = fixture();
      const id = aStreamId();
      const batch = events(2);
      const first = await store.append(id, batch, noStream);
      const again = await store.append(id, batch, noStream);
      expect(again).toEqual({ ...{}, ...first, written: false });
      expect(await store.readStream(id)).toHaveLength(2);
    });

    it.each([
      ['any', () => anyVersion],
      ['its original exact version', () => exactVersion(1)],
    ])('treats a retry expecting %s as a no-op even after the stream moved on', async (_, expected) => {
      const { store } = fixture();
      const id = aStreamId();
      await store.append(id, events(1), noStream);
      const batch = events(2);
      const first = await store.append(id, batch, expected());
      await store.append(id, events(1), anyVersion);
      expect(await store.append(id, batch, expected())).toEqual({ ...{}, ...first, written: false });
      expect(await store.streamVersion(id)).toBe(4);
    });

    it('writes nothing of a batch in which one event id is already stored', async () => {
      const { store } = fixture();
      const stored = anEvent();
      await store.append(aStreamId(), [stored], anyVersion);
      const id = aStreamId();
      const error = await store.append(id, [...events(3), stored], anyVersion).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DuplicateEventIdError);
      expect(await store.streamVersion(id)).toBe(0);
      expect(await store.readStream(id)).toEqual([]);
    });

    it('rejects a batch that repeats an event id and writes none of it', async () => {
      const { store } = fixture();
      const id = aStreamId();
      const event = anEvent();
      await expect(store.append(id, [anEvent(), event, event], anyVersion)).rejects.toBeInstanceOf(
        DuplicateEventIdError,
      );
      expect(await store.streamVersion(id)).toBe(0);
    });

    it('rejects an event id already used in another stream', async () => {
      const { store } = fixture();
      const event = anEvent();
      await store.append(aStreamId(), [event], anyVersion);
      await expect(store.append(aStreamId(), [event], anyVersion)).rejects.toBeInstanceOf(
        DuplicateEventIdError,
      );
    });

    it('lets exactly one of many concurrent writers with the same expectation win', async () => {
      const { store } = fixture();
      const id = aStreamId();
      await store.append(id, events(1), noStream);
      const outcomes = await Promise.allSettled(
        Array.from({ length: 10 }, () => store.append(id, events(1), exactVersion(1))),
      );
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
      for (const o of outcomes.filter((o) => o.status === 'rejected')) {
        expect(o.reason).toBeInstanceOf(WrongExpectedVersionError);
      }
      expect(await store.streamVersion(id)).toBe(2);
    });

    it('keeps every event and per-stream order when many streams are appended in parallel', async () => {
      const { store } = fixture();
      const ids = Array.from({ length: 20 }, () => aStreamId('parallel'));
      const start = (await store.readAll()).at(-1)?.globalPosition;
      await Promise.all(
        ids.map(async (id) => {
          for (let v = 0; v < 5; v++) await store.append(id, events(1), exactVersion(v));
        }),
      );
      const all = (await store.readAll({ after: start })).filter((e) => ids.includes(e.streamId));
      expect(all).toHaveLength(100);
      const positions = all.map((e) => e.globalPosition);
      positions.forEach((p, i) => i > 0 && expect(p > (positions[i - 1] as bigint)).toBe(true));
      for (const id of ids) {
        expect(all.filter((e) => e.streamId === id).map((e) => e.streamVersion)).toEqual([1, 2, 3, 4, 5]);
      }
    });
  });
}
