import {
  Kafka,
  logLevel,
  Partitioners,
  type Consumer,
  type IHeaders,
  type KafkaConfig,
  type Producer,
} from 'kafkajs';
import {
  batchDelivery,
  type BusSubscription,
  type IncomingMessage,
  type MessageBus,
  type OutgoingMessage,
  type SubscribeOptions,
} from '../port/message-bus.port';
import { ensureTopics, type TopicSpec } from './ensure-topics';
import { kafkaSecurityFromEnv, type KafkaSecurity } from './kafka-security';

/** Handled messages per offset commit, at least (and at each fetched batch's end). */
const COMMIT_EVERY = 100;

/** Options of {@link KafkaMessageBus}. */
export interface KafkaBusOptions {
  readonly brokers: readonly string[];
  readonly clientId?: string;
  /** kafkajs log level; default WARN. */
  readonly logLevel?: logLevel;
  /** Client-level retry policy (connection and request retries inside kafkajs). */
  readonly retry?: KafkaConfig['retry'];
  /** Consumer session timeout; lower it in tests so a dead member is noticed sooner. Default 10 s. */
  readonly sessionTimeoutMs?: number;
  /**
   * Longest a fetch waits on the broker for new messages. Stopping a consumer waits for the fetch
   * in flight, so this bounds shutdown time. Default 1 s.
   */
  readonly fetchMaxWaitMs?: number;
  /** How long `subscribe` waits for the consumer to join its group. Default 30 s. */
  readonly joinTimeoutMs?: number;
  /**
   * Put before every topic name on the broker (and every consumer group id), so that several
   * Baton deployments or test runs can share one cluster without reading each other's messages.
   * Callers keep using the plain names: incoming messages carry them too. Default none.
   */
  readonly topicPrefix?: string;
  /** TLS and SASL; default from `BATON_KAFKA_*` (see {@link kafkaSecurityFromEnv}: none when unset). */
  readonly security?: KafkaSecurity;
}

/**
 * The distributed-mode bus on Kafka. The producer is idempotent (acks from all in-sync replicas,
 * one request in flight, so a retried send neither duplicates nor reorders within a partition).
 * Consumers commit offsets only after the handlers resolved (in batches), so a crash in between
 * redelivers those messages to the next member of the group.
 */
export class KafkaMessageBus implements MessageBus {
  private readonly kafka: Kafka;
  private producer: Promise<Producer> | undefined;
  private readonly consumers = new Set<Consumer>();

  constructor(private readonly options: KafkaBusOptions) {
    this.kafka = new Kafka({
      clientId: options.clientId ?? 'baton',
      brokers: [...options.brokers],
      logLevel: options.logLevel ?? logLevel.WARN,
      ...(options.retry ? { retry: options.retry } : {}),
      ...(options.security ?? kafkaSecurityFromEnv()),
    });
  }

  /** Creates the topics that do not exist yet (see {@link ensureTopics}). */
  async ensureTopics(topics: readonly TopicSpec[]): Promise<void> {
    await ensureTopics(
      this.kafka,
      topics.map((t) => ({ ...{}, ...t, topic: this.onBroker(t.topic) })),
    );
  }

  /** The topic's (or group's) name on the broker. */
  private onBroker(name: string): string {
    return `${this.options.topicPrefix ?? ''}${name}`;
  }

  async publish(topic: string, messages: readonly OutgoingMessage[]): Promise<void> {
    if (messages.length === 0) return;
    const producer = await this.connectedProducer();
    await producer.send({
      topic: this.onBroker(topic),
      acks: -1,
      messages: messages.map((m) => ({ key: m.key, value: m.value, headers: { ...m.headers } })),
    });
  }

  async subscribe(options: SubscribeOptions): Promise<BusSubscription> {
    const consumer = this.kafka.consumer({
      groupId: this.onBroker(options.groupId),
      sessionTimeout: this.options.sessionTimeoutMs ?? 10_000,
      maxWaitTimeInMs: this.options.fetchMaxWaitMs ?? 1_000,
      heartbeatInterval: Math.min(3_000, Math.floor((this.options.sessionTimeoutMs ?? 10_000) / 3)),
    });
    this.consumers.add(consumer);
    const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
    try {
      await this.start(consumer, options);
      await withTimeout(joined, this.options.joinTimeoutMs ?? 30_000, `joining group ${options.groupId}`);
    } catch (error) {
      // A consumer that never joined must not linger in the group or keep the process alive.
      this.consumers.delete(consumer);
      await consumer.disconnect().catch(() => undefined);
      throw error;
    }
    return {
      stop: async () => {
        this.consumers.delete(consumer);
        await consumer.disconnect();
      },
    };
  }

  private async start(consumer: Consumer, options: SubscribeOptions): Promise<void> {
    const { deliver, maxBatchSize, concurrentPartitions } = batchDelivery(options);
    await consumer.connect();
    await consumer.subscribe({
      topics: [this.onBroker(options.topic)],
      fromBeginning: options.fromBeginning ?? false,
    });
    await consumer.run({
      autoCommit: false,
      // Still one batch at a time per partition, so per-key order holds whatever this is.
      partitionsConsumedConcurrently: concurrentPartitions,
      eachBatchAutoResolve: false,
      eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
        // Handlers see the plain name, whatever the prefix.
        const { topic } = options;
        const { partition } = batch;
        let handled: string | undefined;
        let uncommitted = 0;
        // Kafka's committed offset is the next one to read.
        const commit = async () => {
          if (handled === undefined || uncommitted === 0) return;
          await consumer.commitOffsets([
            { topic: batch.topic, partition, offset: (BigInt(handled) + 1n).toString() },
          ]);
          uncommitted = 0;
        };
        for (let at = 0; at < batch.messages.length; at += maxBatchSize) {
          if (!isRunning() || isStale()) break;
          const chunk = batch.messages.slice(at, at + maxBatchSize).map((message): IncomingMessage => ({
            topic,
            partition,
            offset: message.offset,
            key: message.key?.toString() ?? '',
            value: message.value ?? Buffer.alloc(0),
            headers: toHeaders(message.headers),
          }));
          await deliver(chunk);
          const last = (chunk[chunk.length - 1] as IncomingMessage).offset;
          resolveOffset(last);
          handled = last;
          // Committed every COMMIT_EVERY messages and at the end of each batch, never before the
          // handler resolved: a crash redelivers at most that many, which idempotent consumers skip.
          uncommitted += chunk.length;
          if (uncommitted >= COMMIT_EVERY) await commit();
          await heartbeat();
        }
        await commit();
      },
    });
  }

  async close(): Promise<void> {
    const consumers = [...this.consumers];
    this.consumers.clear();
    await Promise.allSettled(consumers.map((c) => c.disconnect()));
    const producer = this.producer;
    this.producer = undefined;
    if (producer) await producer.then((p) => p.disconnect()).catch(() => undefined);
  }

  private connectedProducer(): Promise<Producer> {
    if (!this.producer) {
      const producer = this.kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        // Explicit, so kafkajs does not warn; the default (murmur2) places keys like Java clients.
        createPartitioner: Partitioners.DefaultPartitioner,
      });
      this.producer = producer.connect().then(() => producer);
      // A failed connect must not poison every later publish.
      this.producer.catch(() => {
        this.producer = undefined;
      });
    }
    return this.producer;
  }
}

function toHeaders(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value === undefined) continue;
    out[name] = Array.isArray(value) ? value.map(String).join(',') : value.toString();
  }
  return out;
}

async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms ${what}`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
