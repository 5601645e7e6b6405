import type { IncomingMessage } from '../port/message-bus.port';

/**
 * What crosses the MessagePort between a bus and the worker thread that consumes from it
 * (see {@link serveBusToThread} and {@link ThreadBusClient}).
 */
export type ToBus =
  | {
      readonly kind: 'subscribe';
      readonly id: number;
      readonly topic: string;
      readonly groupId: string;
      readonly fromBeginning: boolean;
      readonly maxBatchSize: number;
      readonly lingerMs: number;
      readonly concurrentPartitions: number;
    }
  | { readonly kind: 'unsubscribe'; readonly id: number }
  | { readonly kind: 'ack'; readonly delivery: number; readonly error?: string };

export type ToConsumer =
  | { readonly kind: 'subscribed'; readonly id: number; readonly error?: string }
  | { readonly kind: 'unsubscribed'; readonly id: number }
  | { readonly kind: 'batch'; readonly id: number; readonly delivery: number; readonly batch: PackedBatch };

/**
 * A batch with every message value copied into one buffer, so it crosses as one transferred
 * ArrayBuffer: cloning each value would copy the whole 8 KiB pool slab most small Buffers sit in.
 */
export interface PackedBatch {
  readonly bytes: ArrayBuffer;
  readonly messages: readonly PackedMessage[];
}

interface PackedMessage {
  readonly key: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly end: number;
}

export function packBatch(messages: readonly IncomingMessage[]): PackedBatch {
  const total = messages.reduce((sum, m) => sum + m.value.length, 0);
  // Not from the pool: the whole ArrayBuffer is handed over.
  const bytes = Buffer.allocUnsafeSlow(total);
  let end = 0;
  const packed = messages.map(({ key, headers, topic, partition, offset, value }) => {
    value.copy(bytes, end);
    end += value.length;
    return { key, headers, topic, partition, offset, end };
  });
  return { bytes: bytes.buffer as ArrayBuffer, messages: packed };
}

export function unpackBatch(batch: PackedBatch): IncomingMessage[] {
  let start = 0;
  return batch.messages.map(({ end, ...message }) => {
    const value = Buffer.from(batch.bytes, start, end - start);
    start = end;
    return { ...{}, ...message, value };
  });
}
