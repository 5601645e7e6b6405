import { noStream, type RecordedEvent } from '../port/event-store.port';
import { aStreamId, events, eventually, type ConformanceFixture } from './fixtures';

/** subscribeToAll: catch-up then live, exactly once, in order, restartable from a checkpoint. */
export function subscriptionCases(fixture: () => ConformanceFixture): void {
  describe('subscribeToAll', () => {
    it('delivers every event once in order, catch-up then live, and resumes from a checkpoint', async () => {
      const { store, checkpoints } = fixture();
      const name = `sub-${aStreamId()}`;
      const start = (await store.readAll()).at(-1)?.globalPosition ?? 0n;
      const id = aStreamId();
      await store.append(id, events(3), noStream);

      const seen: RecordedEvent[] = [];
      let caughtUp = false;
      const mine = (): RecordedEvent[] => seen.filter((e) => e.streamId === id);
      const sub = store.subscribeToAll({
        after: start,
        batchSize: 2,
        onCaughtUp: () => (caughtUp = true),
        handler: async (e) => {
          seen.push(e);
          await checkpoints.save(name, e.globalPosition);
        },
      });
      await eventually(() => expect(caughtUp).toBe(true));
      expect(mine().map((e) => e.streamVersion)).toEqual([1, 2, 3]);

      await store.append(id, events(2), { kind: 'exact', version: 3 });
      await eventually(() => expect(mine()).toHaveLength(5));
      await sub.stop();
      await sub.done;

      await store.append(id, events(2), { kind: 'exact', version: 5 });
      const resumed: RecordedEvent[] = [];
      const restart = store.subscribeToAll({
        after: await checkpoints.load(name),
        handler: async (e) => void resumed.push(e),
      });
      await eventually(() => expect(resumed.filter((e) => e.streamId === id)).toHaveLength(2));
      await restart.stop();

      expect(mine().map((e) => e.streamVersion)).toEqual([1, 2, 3, 4, 5]);
      expect(resumed.filter((e) => e.streamId === id).map((e) => e.streamVersion)).toEqual([6, 7]);
      const positions = [...seen, ...resumed].map((e) => e.globalPosition);
      expect(new Set(positions).size).toBe(positions.length);
      positions.forEach((p, i) => i > 0 && expect(p > (positions[i - 1] as bigint)).toBe(true));
    });

    it('delivers only the streams with given prefixes, catch-up then live, past long unrelated runs', async () => {
      const { store } = fixture();
      const tag = aStreamId('f');
      const start = await store.headPosition();
      await store.append(`${tag}-mine-1`, events(1), noStream);
      for (let i = 0; i < 5; i++) await store.append(`${tag}-other-${i}`, events(3), noStream);
      const seen: RecordedEvent[] = [];
      let caughtUp = false;
      const sub = store.subscribeToAll({
        after: start,
        batchSize: 2,
        streamPrefixes: [`${tag}-mine-`],
        onCaughtUp: () => (caughtUp = true),
        handler: async (e) => void seen.push(e),
      });
      await eventually(() => expect(caughtUp).toBe(true));
      for (let i = 5; i < 10; i++) await store.append(`${tag}-other-${i}`, events(3), noStream);
      await store.append(`${tag}-mine-2`, events(2), noStream);
      await eventually(() => expect(seen).toHaveLength(3));
      await sub.stop();
      expect(seen.map((e) => e.streamId.slice(tag.length))).toEqual(['-mine-1', '-mine-2', '-mine-2']);
      expect(seen.every((e) => e.globalPosition > start)).toBe(true);
    });

    it('rejects done when the handler fails', async () => {
      const { store } = fixture();
      await store.append(aStreamId(), events(1), noStream);
      const sub = store.subscribeToAll({
        handler: async () => {
          throw new Error('boom');
        },
      });
      await expect(sub.done).rejects.toThrow('boom');
    });
  });
}
