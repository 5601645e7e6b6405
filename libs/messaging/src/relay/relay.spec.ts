import { openSqliteEventStore, type SqliteEventStore } from '@baton/eventstore';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OutgoingMessage } from '../port/message-bus.port';
import { waitFor } from '../test-support/wait-for';
import { jsonEventMapper } from './json-message.mapper';
import { Relay } from './relay';

const event = (id: string) => ({ eventId: id, type: 'ThingHappened', data: { id } });

/** A bus that fails its first `failures` publishes, then records what it acknowledged. */
function flakyBus(failures: number) {
  const acked: OutgoingMessage[] = [];
  let left = failures;
  return {
    acked,
    publish: async (_topic: string, messages: readonly OutgoingMessage[]) => {
      if (left-- > 0) throw new Error('broker unavailable');
      acked.push(...messages);
    },
  };
}

describe('Relay', () => {
  // The embedded SQLite store (a temp file): the relay's tests need no server.
  let dir: string;
  let store: SqliteEventStore;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'baton-relay-'));
    store = await openSqliteEventStore({ file: join(dir, 'events.db') });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('retries a failing publish with growing delays and advances the checkpoint only after the ack', async () => {
    const bus = flakyBus(3);
    const delays: number[] = [];
    const checkpointsDuringRetry: (bigint | undefined)[] = [];
    const relay = new Relay({
      store,
      checkpoints: store.checkpoints,
      bus,
      name: 'relay:test',
      toMessage: jsonEventMapper(() => 't'),
      retryDelayMs: 10,
      maxRetryDelayMs: 25,
      sleep: async (ms) => {
        delays.push(ms);
        checkpointsDuringRetry.push(await store.checkpoints.load('relay:test'));
      },
    });
    await relay.start();
    await store.append('s-1', [event('a'), event('b')], { kind: 'any' });
    await waitFor(async () => (await store.checkpoints.load('relay:test')) === 2n);
    await relay.stop();
    expect(bus.acked.map((m) => m.headers['event-id'])).toEqual(['a', 'b']);
    expect(delays).toEqual([10, 20, 25]);
    expect(checkpointsDuringRetry).toEqual([undefined, undefined, undefined]);
  });

  it('publishes full batches at once and keeps global order across batches', async () => {
    const sizes: number[] = [];
    const ids: string[] = [];
    const relay = new Relay({
      store,
      checkpoints: store.checkpoints,
      bus: {
        publish: async (_t, m) =>
          void (sizes.push(m.length), ids.push(...m.map((x) => x.headers['event-id'] ?? ''))),
      },
      name: 'relay:test',
      toMessage: jsonEventMapper(() => 't'),
      batchSize: 4,
      lingerMs: 5,
    });
    const all = Array.from({ length: 10 }, (_, i) => event(`e${i}`));
    await store.append('s-1', all, { kind: 'any' });
    await relay.start();
    await waitFor(async () => (await store.checkpoints.load('relay:test')) === 10n);
    await relay.stop();
    expect(sizes).toEqual([4, 4, 2]);
    expect(ids).toEqual(all.map((e) => e.eventId));
  });

  it('leaves events it maps to nothing unpublished and still moves the checkpoint past them', async () => {
    const published: string[] = [];
    const mapper = jsonEventMapper(() => 't');
    const relay = new Relay({
      store,
      checkpoints: store.checkpoints,
      bus: { publish: async (_t, m) => void published.push(...m.map((x) => x.headers['event-id'] ?? '')) },
      name: 'relay:filtered',
      toMessage: (e) => (e.streamId.startsWith('mine-') ? mapper(e) : undefined),
      lingerMs: 5,
    });
    await store.append('other-1', [event('o1')], { kind: 'any' });
    await store.append('mine-1', [event('m1')], { kind: 'any' });
    await store.append('other-2', [event('o2')], { kind: 'any' });
    await relay.start();
    await waitFor(async () => (await store.checkpoints.load('relay:filtered')) === 3n);
    await relay.stop();
    expect(published).toEqual(['m1']);
  });
});
