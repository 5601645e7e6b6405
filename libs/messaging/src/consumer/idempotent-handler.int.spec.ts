import { databaseUrl, describeWith, kafkaBrokers, uniqueName } from '@baton/testing';
import { Pool, type PoolClient } from 'pg';
import { KafkaMessageBus } from '../kafka/kafka-bus';
import type { IncomingMessage, MessageHandler } from '../port/message-bus.port';
import { json, waitFor } from '../test-support/wait-for';
import { idempotentHandler } from './idempotent-handler';
import { PgUnitOfWork } from './pg-unit-of-work';

jest.setTimeout(60_000);

describeWith(['kafka', 'postgres'], 'idempotent consumer (real Kafka + PostgreSQL)', () => {
  let pool: Pool;
  let bus: KafkaMessageBus;
  let uow: PgUnitOfWork;
  let effects: string;
  let topic: string;
  let dlqTopic: string;
  /** Per test, so event ids recorded by one test do not count as processed in the next. */
  let consumer: string;

  beforeAll(async () => {
    pool = new Pool({ connectionString: databaseUrl(), max: 4 });
    uow = new PgUnitOfWork({ pool, table: uniqueName('processed_messages') });
    await uow.ensureSchema();
  });
  afterAll(() => pool.end());

  beforeEach(async () => {
    bus = new KafkaMessageBus({
      brokers: kafkaBrokers(),
      clientId: 'consumer-int',
      fetchMaxWaitMs: 100,
      sessionTimeoutMs: 6_000,
    });
    topic = uniqueName('consumer');
    dlqTopic = uniqueName('consumer_dlq');
    effects = uniqueName('effects');
    consumer = uniqueName('totals');
    await pool.query(`CREATE TABLE ${effects} (stream text PRIMARY KEY, total int NOT NULL)`);
    await bus.ensureTopics([
      { topic, numPartitions: 1 },
      { topic: dlqTopic, numPartitions: 1 },
    ]);
  });
  afterEach(() => bus.close());

  /** The read-model update: adds the message's amount to its stream's total (not idempotent by itself). */
  const addAmount = async (message: IncomingMessage, tx: PoolClient) => {
    const { amount } = JSON.parse(message.value.toString()) as { amount: number };
    if (typeof amount !== 'number') throw new Error('payload has no numeric amount');
    await tx.query(
      `INSERT INTO ${effects} (stream, total) VALUES ($1, $2)
       ON CONFLICT (stream) DO UPDATE SET total = ${effects}.total + EXCLUDED.total`,
      [message.key, amount],
    );
  };
  const handler = (sleep: (ms: number) => Promise<void> = async () => undefined): MessageHandler =>
    idempotentHandler({
      consumer,
      unitOfWork: uow,
      handle: addAmount,
      deadLetter: { bus, topic: dlqTopic },
      maxAttempts: 3,
      sleep,
    });
  const total = async (stream: string) =>
    (await pool.query<{ total: number }>(`SELECT total FROM ${effects} WHERE stream = $1`, [stream])).rows[0]
      ?.total;
  const amount = (eventId: string, value: number) => ({
    key: 's-1',
    value: json({ amount: value }),
    headers: { 'event-id': eventId },
  });

  it('applies a message delivered twice only once', async () => {
    let deliveries = 0;
    const idempotent = handler();
    await bus.publish(topic, [amount('e1', 5), amount('e1', 5), amount('e2', 7)]);
    await bus.subscribe({
      topic,
      groupId: uniqueName('g'),
      fromBeginning: true,
      handler: async (m) => (deliveries++, idempotent(m)),
    });
    await waitFor(() => deliveries === 3);
    expect(await total('s-1')).toBe(12);
  });

  it('applies the effect once when the consumer dies after its DB commit but before the offset commit', async () => {
    const groupId = uniqueName('g');
    const idempotent = handler();
    let dead = false;
    await bus.publish(topic, [amount('e1', 5)]);
    const first = await bus.subscribe({
      topic,
      groupId,
      fromBeginning: true,
      handler: async (m) => {
        if (dead) throw new Error('process is dead');
        await idempotent(m); // DB transaction committed here
        dead = true;
        throw new Error('killed before the offset commit');
      },
    });
    await waitFor(() => dead);
    await first.stop();
    expect(await total('s-1')).toBe(5);

    const redelivered: string[] = [];
    await bus.subscribe({
      topic,
      groupId,
      fromBeginning: true,
      handler: async (m) => (redelivered.push(m.offset), idempotent(m)),
    });
    await waitFor(() => redelivered.length === 1);
    expect(redelivered).toEqual(['0']);
    expect(await total('s-1')).toBe(5);
  });

  it('sends a poison message to the dead-letter topic with its reason and original headers, then moves on', async () => {
    const delays: number[] = [];
    const dead: IncomingMessage[] = [];
    await bus.subscribe({
      topic: dlqTopic,
      groupId: uniqueName('dlq'),
      fromBeginning: true,
      handler: async (m) => void dead.push(m),
    });
    await bus.publish(topic, [
      {
        key: 's-1',
        value: Buffer.from('not json'),
        headers: { 'event-id': 'bad', 'event-type': 'AmountAdded', traceparent: 'tp' },
      },
      amount('good', 3),
    ]);
    await bus.subscribe({
      topic,
      groupId: uniqueName('g'),
      fromBeginning: true,
      handler: handler(async (ms) => void delays.push(ms)),
    });
    await waitFor(async () => dead.length === 1 && (await total('s-1')) === 3);
    expect(delays).toEqual([100, 200]);
    expect(dead[0]?.value.toString()).toBe('not json');
    expect(dead[0]?.headers).toEqual({
      'event-id': 'bad',
      'event-type': 'AmountAdded',
      traceparent: 'tp',
      'dlq-reason': expect.stringContaining('SyntaxError'),
      'dlq-original-topic': topic,
      'dlq-original-partition': '0',
      'dlq-original-offset': '0',
      'dlq-attempts': '3',
    });
  });
});
