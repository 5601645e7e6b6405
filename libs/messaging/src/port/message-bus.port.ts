/**
 * The message bus port: how Baton services exchange messages (Kafka in distributed mode, an
 * in-process bus in embedded mode). Both adapters give the same guarantees, so the same
 * consumers run on either.
 *
 * Guarantees: at-least-once delivery per consumer group; messages with the same key arrive in
 * publish order; a message is acknowledged (its offset committed) only after its handler resolves.
 */

/** Injection token for the {@link MessageBus} port. */
export const MESSAGE_BUS = Symbol('MESSAGE_BUS');

/**
 * Header names Baton sets on its messages. Keys are stream ids, so one stream's events stay
 * in order.
 */
export const MessageHeaders = {
  /** e.g. `application/x-protobuf; messageType=baton.common.v1.EventEnvelope`. */
  contentType: 'content-type',
  eventType: 'event-type',
  /** Unique per event: consumers dedupe on it. */
  eventId: 'event-id',
  /** W3C trace context of the write that produced the event. */
  traceparent: 'traceparent',
} as const;

/** A message to publish. */
export interface OutgoingMessage {
  /** Partitioning key (a stream id): messages with the same key stay in order. */
  readonly key: string;
  readonly value: Buffer;
  readonly headers: Readonly<Record<string, string>>;
}

/** A message as delivered to a handler. */
export interface IncomingMessage extends OutgoingMessage {
  readonly topic: string;
  readonly partition: number;
  /** Position within the partition (Kafka offset as a decimal string). */
  readonly offset: string;
}

/** Handles one message; the message is acknowledged only when the promise resolves. */
export type MessageHandler = (message: IncomingMessage) => Promise<void>;

/**
 * Handles consecutive messages of one partition, in order; they are acknowledged together, only
 * when the promise resolves (a rejection redelivers all of them). Lets a consumer apply a batch in
 * one database transaction.
 */
export type BatchHandler = (messages: readonly IncomingMessage[]) => Promise<void>;

/** What to consume and how: one message at a time (`handler`) or in batches (`batchHandler`). */
export type SubscribeOptions = SubscribeTarget &
  (
    | { readonly handler: MessageHandler }
    | {
        readonly batchHandler: BatchHandler;
        /** Most messages per call. Default 500. */
        readonly maxBatchSize?: number;
        /**
         * How long a partial batch may wait for more messages before it is delivered (default 0):
         * fewer, larger batches for a consumer whose cost is per batch (a transaction), at the
         * price of that much latency. The in-process bus honours it; Kafka delivers what it fetched.
         */
        readonly lingerMs?: number;
        /**
         * How many partitions may each have a batch in the handler at once (default 1). Each
         * partition still has one batch at a time, in order. A handler that merges the batches
         * in flight into one transaction asks for more: on Kafka, with 1, the partitions of one
         * fetch are handled one after another. The in-process bus runs every partition at once.
         */
        readonly concurrentPartitions?: number;
      }
  );

/** The topic and group of a subscription. */
export interface SubscribeTarget {
  readonly topic: string;
  /** Each group receives every message; members of one group share the partitions. */
  readonly groupId: string;
  /** For a group with no committed position: start at the oldest message rather than the newest. */
  readonly fromBeginning?: boolean;
}

/** Default most messages per {@link BatchHandler} call. */
export const DEFAULT_MAX_BATCH_SIZE = 500;

/** The options' handler as a batch handler, with its batch size (1 for a per-message handler). */
export function batchDelivery(options: SubscribeOptions): {
  readonly deliver: BatchHandler;
  readonly maxBatchSize: number;
  readonly lingerMs: number;
  readonly concurrentPartitions: number;
} {
  if ('batchHandler' in options) {
    return {
      deliver: options.batchHandler,
      maxBatchSize: Math.max(1, options.maxBatchSize ?? DEFAULT_MAX_BATCH_SIZE),
      lingerMs: Math.max(0, options.lingerMs ?? 0),
      concurrentPartitions: Math.max(1, options.concurrentPartitions ?? 1),
    };
  }
  const { handler } = options;
  return {
    deliver: async (messages) => {
      for (const message of messages) await handler(message);
    },
    maxBatchSize: 1,
    lingerMs: 0,
    concurrentPartitions: 1,
  };
}

/** A running consumer. */
export interface BusSubscription {
  /**
   * Stops consuming. The message in flight (if any) finishes or is abandoned; its offset is not
   * committed unless its handler had resolved, so another member redelivers it.
   */
  stop(): Promise<void>;
}

/** Publishes and consumes keyed messages. */
export interface MessageBus {
  /**
   * Publishes `messages` to `topic` in order. Resolves only when the bus has durably acknowledged
   * all of them (Kafka: acks from all in-sync replicas); rejects otherwise, and then any subset
   * may have been written (publishers retry, consumers dedupe).
   */
  publish(topic: string, messages: readonly OutgoingMessage[]): Promise<void>;
  /** Starts a consumer; resolves once it is subscribed. A handler error is retried by redelivery. */
  subscribe(options: SubscribeOptions): Promise<BusSubscription>;
  /** Stops every subscription and releases connections. */
  close(): Promise<void>;
}
