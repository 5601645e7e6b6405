import { openSqliteEventStore, type EventStore, type SqliteEventStore } from '@baton/eventstore';
import { describeWithKafka, kafkaBrokers, uniqueName } from '@baton/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { KafkaMessageBus } from '../kafka/kafka-bus';
import type { IncomingMessage, MessageBus, OutgoingMessage } from '../port/message-bus.port';
import { waitFor } from '../test-support/wait-for';
import { jsonEventMapper } from './json-message.mapper';
import { Relay } from './relay';

jest.setTimeout(30_000);

const STREAMS = ['instance-1', 'instance-2', 'instance-3', 'instance-4'];

/** Appends `count` events to each stream, interleaved, each carrying its per-stream number `n`. */
async function appendInterleaved(store: EventStore, from: number, count: number): Promise<void> {
  for (let n = from; n < from + count; n++) {
    for (const stream of STREAMS) {
      await store.append(stream, [{ eventId: uuidv7(), type: 'StepCompleted', data: { n } }], {
        kind: 'any',
      });
    }
  }
}

/** What a consumer would keep after deduping on event-id: each event's seq, per stream. */
function perStream(received: IncomingMessage[]): Map<string, number[]> {
  const seen = new Set<string>();
  const out = new Map<string, number[]>();
  for (const m of received) {
    const id = m.headers['event-id'] ?? '';
    if (seen.has(id)) continue;
    seen.add(id);
    const { data } = JSON.parse(m.value.toString()) as { data: { n: number } };
    out.set(m.key, [...(out.get(m.key) ?? []), data.n]);
  }
  return out;
}

describeWithKafka('Relay (event store → real Kafka)', () => {
  let bus: KafkaMessageBus;
  let topic: string;
  let received: IncomingMessage[];
  let store: SqliteEventStore;
  let dir: string;

  beforeEach(async () => {
    bus = new KafkaMessageBus({ brokers: kafkaBrokers(), clientId: 'relay-int', fetchMaxWaitMs: 100 });
    topic = uniqueName('relay');
    received = [];
    dir = mkdtempSync(join(tmpdir(), 'relay-int-'));
    store = await openSqliteEventStore({ file: join(dir, 'events.db'), pollIntervalMs: 20 });
    await bus.ensureTopics([{ topic, numPartitions: 3 }]);
    await bus.subscribe({
      topic,
      groupId: uniqueName('g'),
      fromBeginning: true,
      handler: async (m) => void received.push(m),
    });
  });
  afterEach(async () => {
    await bus.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const relayOn = (publisher: Pick<MessageBus, 'publish'>) =>
    new Relay({
      store,
      checkpoints: store.checkpoints,
      bus: publisher,
      name: 'relay:test',
      toMessage: jsonEventMapper(() => topic),
      batchSize: 5,
      lingerMs: 5,
      retryDelayMs: 10,
    });

  it('publishes every appended event once, in order per stream, keyed by stream id', async () => {
    const relay = relayOn(bus);
    await relay.start();
    await appendInterleaved(store, 0, 10);
    await waitFor(() => received.length >= 40);
    await relay.stop();
    expect(received).toHaveLength(40);
    expect(new Set(received.map((m) => m.headers['event-id'])).size).toBe(40);
    for (const stream of STREAMS) expect(perStream(received).get(stream)).toEqual([...Array(10).keys()]);
    expect(await store.checkpoints.load('relay:test')).toBe(40n);
  });

  it('resumes from its checkpoint after a restart without losing events', async () => {
    const first = relayOn(bus);
    await first.start();
    await appendInterleaved(store, 0, 5);
    await waitFor(async () => (await store.checkpoints.load('relay:test')) === 20n);
    await first.stop();
    await appendInterleaved(store, 5, 5); // written while no relay runs
    const second = relayOn(bus);
    await second.start();
    await appendInterleaved(store, 10, 5);
    await waitFor(async () => (await store.checkpoints.load('relay:test')) === 60n);
    await waitFor(
      () => perStream(received).size === 4 && [...perStream(received).values()].every((s) => s.length === 15),
    );
    await second.stop();
    for (const stream of STREAMS) expect(perStream(received).get(stream)).toEqual([...Array(15).keys()]);
    // Acknowledged batches are never republished: the checkpoint had moved past them.
    expect(received).toHaveLength(60);
  });

  it('retries with backoff while publishing fails and loses nothing', async () => {
    let failuresLeft = 4;
    const failures: number[] = [];
    const unreliable: Pick<MessageBus, 'publish'> = {
      publish: async (t: string, messages: readonly OutgoingMessage[]) => {
        if (failuresLeft-- > 0) throw new Error('KafkaJSConnectionError: broker unavailable (simulated)');
        await bus.publish(t, messages);
      },
    };
    const relay = new Relay({
      store,
      checkpoints: store.checkpoints,
      bus: unreliable,
      name: 'relay:test',
      toMessage: jsonEventMapper(() => topic),
      batchSize: 5,
      lingerMs: 5,
      retryDelayMs: 10,
      onPublishError: (_e, attempt) => failures.push(attempt),
    });
    await relay.start();
    await appendInterleaved(store, 0, 5);
    await waitFor(async () => (await store.checkpoints.load('relay:test')) === 20n);
    await waitFor(() => received.length >= 20);
    await relay.stop();
    expect(failures).toEqual([1, 2, 3, 4]);
    for (const stream of STREAMS) expect(perStream(received).get(stream)).toEqual([0, 1, 2, 3, 4]);
  });
});
