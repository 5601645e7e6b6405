import { Kafka, logLevel, Partitioners, type Admin, type Consumer, type Producer } from 'kafkajs';
import { describeWithKafka, kafkaBrokers, uniqueName } from './index';

interface Received {
  partition: number;
  key: string;
  value: string;
  headers: Record<string, string>;
}

const PARTITIONS = 3;
const PER_PARTITION = 5;

describeWithKafka('Kafka (real broker)', () => {
  let kafka: Kafka;
  let admin: Admin;
  let producer: Producer;
  let consumer: Consumer | undefined;
  const topic = uniqueName('smoke');

  beforeAll(async () => {
    kafka = new Kafka({ clientId: 'baton-testing-smoke', brokers: kafkaBrokers(), logLevel: logLevel.WARN });
    admin = kafka.admin();
    // Explicit partitioner: kafkajs 2 warns on every producer that relies on the default.
    producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await Promise.all([admin.connect(), producer.connect()]);
  });

  afterAll(async () => {
    await consumer?.disconnect();
    await producer?.disconnect();
    await admin?.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin?.disconnect();
  });

  it('creates a topic with 3 partitions', async () => {
    const created = await admin.createTopics({
      topics: [{ topic, numPartitions: PARTITIONS }],
      waitForLeaders: true,
    });
    expect(created).toBe(true);
    const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
    const partitions = metadata.topics[0]?.partitions.map((p) => p.partitionId).sort();
    expect(partitions).toEqual([0, 1, 2]);
  });

  it('delivers keyed messages with headers to a consumer group, in order per partition', async () => {
    const sent: Received[] = [];
    for (let partition = 0; partition < PARTITIONS; partition++) {
      for (let i = 0; i < PER_PARTITION; i++) {
        sent.push({
          partition,
          key: `key-${partition}-${i}`,
          value: JSON.stringify({ partition, seq: i }),
          headers: { 'event-type': 'SmokeTested', seq: String(i) },
        });
      }
    }
    await producer.send({ topic, messages: sent });

    const received: Received[] = [];
    const group = kafka.consumer({ groupId: uniqueName('smoke_group') });
    consumer = group;
    await group.connect();
    await group.subscribe({ topics: [topic], fromBeginning: true });
    const allArrived = new Promise<void>((resolve, reject) => {
      group
        .run({
          eachMessage: async ({ partition, message }) => {
            const headers: Record<string, string> = {};
            for (const [name, value] of Object.entries(message.headers ?? {})) headers[name] = String(value);
            received.push({
              partition,
              key: message.key?.toString() ?? '',
              value: message.value?.toString() ?? '',
              headers,
            });
            if (received.length === sent.length) resolve();
          },
        })
        .catch(reject);
    });
    await allArrived;

    for (let partition = 0; partition < PARTITIONS; partition++) {
      expect(received.filter((m) => m.partition === partition)).toEqual(
        sent.filter((m) => m.partition === partition),
      );
    }
  });
});
