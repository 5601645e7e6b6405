import { describeWithKafka, kafkaBrokers, uniqueName } from '@baton/testing';
import type { IncomingMessage } from '../port/message-bus.port';
import { json, waitFor } from '../test-support/wait-for';
import { KafkaMessageBus } from './kafka-bus';

const KEYS = ['stream-a', 'stream-b', 'stream-c', 'stream-d', 'stream-e', 'stream-f'];
const PER_KEY = 5;
// Jest reads testTimeout only from the root config; joining a group and leaving it take seconds.
jest.setTimeout(30_000);

describeWithKafka('KafkaMessageBus (real broker)', () => {
  let bus: KafkaMessageBus;
  beforeEach(() => {
    bus = new KafkaMessageBus({
      brokers: kafkaBrokers(),
      clientId: 'messaging-int',
      fetchMaxWaitMs: 100,
      sessionTimeoutMs: 6_000,
    });
  });
  afterEach(() => bus.close());

  it('round-trips keyed messages with headers over 3 partitions, in order per key', async () => {
    const topic = uniqueName('bus_roundtrip');
    await bus.ensureTopics([{ topic, numPartitions: 3 }]);

    for (let seq = 0; seq < PER_KEY; seq++) {
      await bus.publish(
        topic,
        KEYS.map((key) => ({
          key,
          value: json({ key, seq }),
          headers: {
            'content-type': 'application/json',
            'event-type': 'ThingHappened',
            'event-id': `${key}-${seq}`,
            traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
          },
        })),
      );
    }

    const received: IncomingMessage[] = [];
    await bus.subscribe({
      topic,
      groupId: uniqueName('g'),
      fromBeginning: true,
      handler: async (m) => void received.push(m),
    });
    await waitFor(() => received.length >= KEYS.length * PER_KEY);

    expect(received).toHaveLength(KEYS.length * PER_KEY);
    expect(new Set(received.map((m) => m.partition)).size).toBe(3);
    for (const key of KEYS) {
      const ofKey = received.filter((m) => m.key === key);
      expect(ofKey.map((m) => JSON.parse(m.value.toString()).seq)).toEqual([0, 1, 2, 3, 4]);
      expect(new Set(ofKey.map((m) => m.partition)).size).toBe(1);
    }
    expect(received.find((m) => m.headers['event-id'] === 'stream-a-0')?.headers).toEqual({
      'content-type': 'application/json',
      'event-type': 'ThingHappened',
      'event-id': 'stream-a-0',
      traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
    });
  });

  it('keeps buses with different topic prefixes apart, each reading its own under the plain names', async () => {
    const topic = 'baton.shared.events.v1';
    const groupId = 'analytics-audit-trail';
    const runs = [uniqueName('run_a'), uniqueName('run_b')].map((run) => {
      const prefixed = new KafkaMessageBus({
        brokers: kafkaBrokers(),
        clientId: run,
        fetchMaxWaitMs: 100,
        sessionTimeoutMs: 6_000,
        topicPrefix: `${run}.`,
      });
      return { run, bus: prefixed, received: [] as IncomingMessage[] };
    });
    try {
      for (const r of runs) {
        await r.bus.ensureTopics([{ topic, numPartitions: 1 }]);
        // The same group id in both runs: as separate groups on the broker, each gets every message.
        await r.bus.subscribe({
          topic,
          groupId,
          fromBeginning: true,
          handler: async (m) => void r.received.push(m),
        });
      }
      for (const r of runs)
        await r.bus.publish(topic, [{ key: 'k', value: json({ run: r.run }), headers: {} }]);
      await waitFor(() => runs.every((r) => r.received.length >= 1));
      await new Promise((resolve) => setTimeout(resolve, 300));
      for (const r of runs) {
        expect(r.received.map((m) => JSON.parse(m.value.toString()).run)).toEqual([r.run]);
        expect(r.received[0]?.topic).toBe(topic);
      }
    } finally {
      await Promise.all(runs.map((r) => r.bus.close()));
    }
  });

  it('commits only after the handler resolves: a failed handler gets the message again', async () => {
    const topic = uniqueName('bus_redeliver');
    await bus.ensureTopics([{ topic, numPartitions: 1 }]);
    await bus.publish(
      topic,
      [0, 1, 2].map((seq) => ({ key: 'k', value: json({ seq }), headers: { seq: String(seq) } })),
    );
    const seen: string[] = [];
    let failOnce = true;
    await bus.subscribe({
      topic,
      groupId: uniqueName('g'),
      fromBeginning: true,
      handler: async (m) => {
        if (m.headers['seq'] === '1' && failOnce) {
          failOnce = false;
          throw new Error('transient');
        }
        seen.push(m.headers['seq'] ?? '');
      },
    });
    await waitFor(() => seen.length >= 3);
    expect(seen).toEqual(['0', '1', '2']);
  });

  it('hands a batch handler consecutive messages of a partition, at most maxBatchSize, in order', async () => {
    const topic = uniqueName('bus_batches');
    await bus.ensureTopics([{ topic, numPartitions: 1 }]);
    await bus.publish(
      topic,
      Array.from({ length: 7 }, (_, seq) => ({
        key: 'k',
        value: json({ seq }),
        headers: { seq: String(seq) },
      })),
    );
    const batches: string[][] = [];
    await bus.subscribe({
      topic,
      groupId: uniqueName('g'),
      fromBeginning: true,
      maxBatchSize: 3,
      batchHandler: async (messages) => void batches.push(messages.map((m) => m.headers['seq'] ?? '')),
    });
    await waitFor(() => batches.flat().length >= 7);
    expect(batches.flat()).toEqual(['0', '1', '2', '3', '4', '5', '6']);
    expect(Math.max(...batches.map((b) => b.length))).toBeLessThanOrEqual(3);
  });

  it('a new member of a group resumes after the last committed offset', async () => {
    const topic = uniqueName('bus_resume');
    const groupId = uniqueName('g');
    await bus.ensureTopics([{ topic, numPartitions: 1 }]);
    const seen: string[] = [];
    const handler = async (m: IncomingMessage) => void seen.push(m.headers['seq'] ?? '');
    await bus.publish(topic, [{ key: 'k', value: json(0), headers: { seq: '0' } }]);
    const first = await bus.subscribe({ topic, groupId, fromBeginning: true, handler });
    await waitFor(() => seen.length === 1);
    await first.stop();
    await bus.publish(topic, [{ key: 'k', value: json(1), headers: { seq: '1' } }]);
    await bus.subscribe({ topic, groupId, fromBeginning: true, handler });
    await waitFor(() => seen.length === 2);
    expect(seen).toEqual(['0', '1']);
  });
});
