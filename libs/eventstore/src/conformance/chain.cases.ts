import { chainHash } from '../chain/event-chain';
import { anyVersion, exactVersion, noStream, type EventStore } from '../port/event-store.port';
import { aStreamId, anEvent, events, type ConformanceFixture, type Tamper } from './fixtures';

const verifier = (store: EventStore) => {
  const verify = store.verifyStream?.bind(store);
  if (!verify) throw new Error('this store does not chain events');
  return verify;
};

/** A stream of five events in three appends, with nested data whose key order must not matter. */
async function fiveEvents(store: EventStore): Promise<string> {
  const id = aStreamId('chain');
  await store.append(id, [anEvent({ data: { z: 1, a: { y: [1, 2], b: 'x' } } })], noStream);
  await store.append(id, events(2), exactVersion(1));
  await store.append(
    id,
    [
      anEvent({
        metadata: { actor: 'ann', tenantId: 't1' },
        occurredAt: new Date('2026-01-02T03:04:05.678Z'),
      }),
      anEvent(),
    ],
    anyVersion,
  );
  return id;
}

/** The hash chain: every stored event linked to the one before it in its stream. */
export function chainCases(fixture: () => ConformanceFixture): void {
  describe('hash chain', () => {
    const tamper = (): Tamper => {
      const t = fixture().tamper;
      if (!t) throw new Error('the fixture cannot tamper with stored events');
      return t;
    };

    it('verifies every event of a stream written in several appends', async () => {
      const { store } = fixture();
      const id = await fiveEvents(store);
      expect(await verifier(store)(id)).toEqual({ streamId: id, events: 5, verified: 5, unchained: 0 });
    });

    it('links each event to the one before it, over the event as written', async () => {
      const { store } = fixture();
      const id = aStreamId('chain');
      const first = anEvent({ data: { b: 2, a: 1 }, occurredAt: new Date('2026-03-01T00:00:00.001Z') });
      await store.append(id, [first], noStream);
      const expected = chainHash(null, {
        eventId: first.eventId,
        streamId: id,
        streamVersion: 1,
        type: first.type,
        schemaVersion: 1,
        occurredAt: Date.parse('2026-03-01T00:00:00.001Z'),
        data: { a: 1, b: 2 },
        metadata: {},
      });
      expect(await tamper().link(id, 1)).toBe(expected);
    });

    it('keeps the chain whole across a retried append and a conflict', async () => {
      const { store } = fixture();
      const id = aStreamId('chain');
      const batch = events(2);
      await store.append(id, batch, noStream);
      await store.append(id, batch, noStream); // a retry: nothing written
      await store.append(id, events(1), exactVersion(0)).catch(() => undefined); // a conflict
      await store.append(id, events(1), exactVersion(2));
      expect(await verifier(store)(id)).toMatchObject({ events: 3, verified: 3 });
    });

    it('reports an empty stream as nothing to verify', async () => {
      const id = aStreamId('chain');
      expect(await verifier(fixture().store)(id)).toEqual({
        streamId: id,
        events: 0,
        verified: 0,
        unchained: 0,
      });
    });

    it('finds an event whose data was edited in the database', async () => {
      const { store } = fixture();
      const id = await fiveEvents(store);
      await tamper().setData(id, 3, { n: 999 });
      expect(await verifier(store)(id)).toMatchObject({
        events: 5,
        verified: 2,
        firstProblem: { streamVersion: 3, kind: 'altered' },
      });
    });

    it('finds an edit whose link was recomputed without the rest of the chain', async () => {
      const { store } = fixture();
      const id = await fiveEvents(store);
      const [, second] = await store.readStream(id, { maxCount: 2 });
      if (!second) throw new Error('no second event');
      await tamper().setData(id, 2, { n: 42 });
      const forged = chainHash(await tamper().link(id, 1), {
        eventId: second.eventId,
        streamId: id,
        streamVersion: 2,
        type: second.type,
        schemaVersion: second.schemaVersion,
        occurredAt: second.occurredAt.getTime(),
        data: { n: 42 },
        metadata: second.metadata,
      });
      await tamper().setLink(id, 2, forged);
      expect(await verifier(store)(id)).toMatchObject({
        verified: 2,
        firstProblem: { streamVersion: 3, kind: 'altered' },
      });
    });

    it('finds a deleted event', async () => {
      const { store } = fixture();
      const id = await fiveEvents(store);
      await tamper().remove(id, 4);
      expect(await verifier(store)(id)).toMatchObject({
        events: 4,
        verified: 3,
        firstProblem: { streamVersion: 4, kind: 'missing' },
      });
    });

    it('finds a link removed after the chain began', async () => {
      const { store } = fixture();
      const id = await fiveEvents(store);
      await tamper().setLink(id, 5, null);
      expect(await verifier(store)(id)).toMatchObject({
        verified: 4,
        firstProblem: { streamVersion: 5, kind: 'unchained' },
      });
    });

    it('accepts events recorded before the chain existed, and chains the ones after', async () => {
      const { store } = fixture();
      const id = aStreamId('chain');
      await store.append(id, events(2), noStream);
      await tamper().setLink(id, 1, null);
      await tamper().setLink(id, 2, null);
      // A new process knows nothing of this stream's head and reads it from the database.
      await store.append(id, events(2), anyVersion);
      expect(await verifier(store)(id)).toEqual({ streamId: id, events: 4, verified: 2, unchained: 2 });
    });
  });
}
