import { anyVersion, openSqliteEventStore, type SqliteEventStore } from '@baton/eventstore';
import { describeWithRestartableKafka, startRestartableKafka, type RestartableKafka } from '@baton/testing';
import { logLevel } from 'kafkajs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { KafkaMessageBus } from '../kafka/kafka-bus';
import type { IncomingMessage } from '../port/message-bus.port';
import { waitFor } from '../test-support/wait-for';
import { jsonEventMapper } from './json-message.mapper';
import { Relay } from './relay';

jest.setTimeout(60_000);

const STREAMS = ['instance-1', 'instance-2', 'instance-3', 'instance-4'];
const TOPIC = 'baton.execution.events.v1';

/** What a consumer keeps after deduping on event-id: each event's per-stream number, per stream. */
function perStream(received: readonly IncomingMessage[]): Map<string, number[]> {
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

/** Appends one event per stream per round, every few ms, until stopped; counts rounds. */
function startAppending(store: SqliteEventStore) {
  let rounds = 0;
  let stopped = false;
  const done = (async () => {
    while (!stopped) {
      for (const stream of STREAMS) {
        const event = { eventId: uuidv7(), type: 'StepCompleted', data: { n: rounds } };
        await store.append(stream, [event], anyVersion);
      }
      rounds++;
      await new Promise((r) => setTimeout(r, 10));
    }
  })();
  return {
    rounds: () => rounds,
    async stop(): Promise<number> {
      stopped = true;
      await done;
      return rounds;
    },
  };
}

// A dedicated broker: the harness's shared one serves other test files at the same time.
describeWithRestartableKafka('Relay across a real broker restart', () => {
  let kafka: RestartableKafka | undefined;
  let dir: string;
  let store: SqliteEventStore;
  let bus: KafkaMessageBus;

  beforeAll(async () => {
    kafka = await startRestartableKafka();
  }, 90_000);
  afterAll(async () => {
    await kafka?.stop();
  });
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'relay-restart-'));
    store = await openSqliteEventStore({ file: join(dir, 'events.db'), pollIntervalMs: 20 });
  });
  afterEach(async () => {
    await bus?.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('publishes every event exactly once after dedupe, in order per stream, and reaches the end', async () => {
    const broker = kafka as RestartableKafka;
    bus = new KafkaMessageBus({
      brokers: [broker.address],
      clientId: 'relay-restart',
      // While the broker is down, connection errors are expected: fail a send within about a
      // second so the relay's own retry (the behaviour under test) takes over.
      logLevel: logLevel.NOTHING,
      retry: { retries: 3, initialRetryTime: 100, maxRetryTime: 500 },
      sessionTimeoutMs: 6_000,
      fetchMaxWaitMs: 100,
    });
    await bus.ensureTopics([{ topic: TOPIC, numPartitions: 3 }]);
    const received: IncomingMessage[] = [];
    await bus.subscribe({
      topic: TOPIC,
      groupId: 'relay-restart-consumer',
      fromBeginning: true,
      handler: async (m) => void received.push(m),
    });
    const publishErrors: unknown[] = [];
    const relay = new Relay({
      store,
      checkpoints: store.checkpoints,
      bus,
      name: 'relay:restart',
      toMessage: jsonEventMapper(() => TOPIC),
      batchSize: 20,
      lingerMs: 5,
      retryDelayMs: 100,
      maxRetryDelayMs: 1_000,
      onPublishError: (error) => publishErrors.push(error),
    });
    await relay.start();
    const appender = startAppending(store);

    // Mid-stream: the relay has published some events and the appender keeps going.
    await waitFor(async () => ((await store.checkpoints.load('relay:restart')) ?? 0n) >= 100n);
    await broker.stopBroker();
    const roundsAtStop = appender.rounds();
    await waitFor(() => appender.rounds() >= roundsAtStop + 50); // appended while the broker is down
    const checkpointWhileDown = await store.checkpoints.load('relay:restart');
    await broker.startBroker();
    const roundsAtStart = appender.rounds();
    await waitFor(() => appender.rounds() >= roundsAtStart + 50);
    const rounds = await appender.stop();
    const end = BigInt(rounds * STREAMS.length);

    await waitFor(async () => (await store.checkpoints.load('relay:restart')) === end);
    await waitFor(() => STREAMS.every((s) => (perStream(received).get(s) ?? []).length === rounds));
    await relay.stop();

    const expected = [...Array(rounds).keys()];
    const delivered = perStream(received);
    for (const stream of STREAMS) expect(delivered.get(stream)).toEqual(expected);
    expect(new Set(received.map((m) => m.headers['event-id'])).size).toBe(Number(end));
    expect(await store.checkpoints.load('relay:restart')).toBe(end);
    // The relay really saw the broker gone: publishes failed and the checkpoint waited for it.
    expect(publishErrors.length).toBeGreaterThan(0);
    expect(checkpointWhileDown).toBeLessThan(BigInt(roundsAtStart * STREAMS.length));
  });
});
