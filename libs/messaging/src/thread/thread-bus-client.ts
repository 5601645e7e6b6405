import type { MessagePort } from 'node:worker_threads';
import {
  batchDelivery,
  type BatchHandler,
  type BusSubscription,
  type MessageBus,
  type OutgoingMessage,
  type SubscribeOptions,
} from '../port/message-bus.port';
import { unpackBatch, type ToBus, type ToConsumer } from './thread-bus-protocol';

/**
 * The bus as a worker thread sees it: subscriptions go to the bus the other side of `port` serves
 * (see {@link serveBusToThread}) and keep its guarantees. Consuming only: a thread that publishes
 * would bypass the relay that makes publishing follow the event store.
 */
export class ThreadBusClient implements MessageBus {
  private readonly handlers = new Map<number, BatchHandler>();
  private readonly pending = new Map<number, (reply: ToConsumer) => void>();
  private nextId = 1;

  constructor(private readonly port: MessagePort) {
    port.on('message', (message: ToConsumer) => this.received(message));
  }

  publish(_topic: string, _messages: readonly OutgoingMessage[]): Promise<void> {
    return Promise.reject(new Error('a thread bus only consumes'));
  }

  async subscribe(options: SubscribeOptions): Promise<BusSubscription> {
    const id = this.nextId++;
    const { deliver, maxBatchSize, lingerMs, concurrentPartitions } = batchDelivery(options);
    this.handlers.set(id, deliver);
    const reply = await this.request(id, {
      kind: 'subscribe',
      id,
      topic: options.topic,
      groupId: options.groupId,
      fromBeginning: options.fromBeginning ?? false,
      maxBatchSize,
      lingerMs,
      concurrentPartitions,
    });
    if (reply.kind === 'subscribed' && reply.error !== undefined) {
      this.handlers.delete(id);
      throw new Error(reply.error);
    }
    return {
      stop: async () => {
        await this.request(id, { kind: 'unsubscribe', id });
        this.handlers.delete(id);
      },
    };
  }

  async close(): Promise<void> {
    await Promise.all([...this.handlers.keys()].map((id) => this.request(id, { kind: 'unsubscribe', id })));
    this.handlers.clear();
    this.port.close();
  }

  private request(id: number, message: ToBus): Promise<ToConsumer> {
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.port.postMessage(message);
    });
  }

  private received(message: ToConsumer): void {
    if (message.kind !== 'batch') {
      const reply = this.pending.get(message.id);
      this.pending.delete(message.id);
      reply?.(message);
      return;
    }
    const { delivery } = message;
    const handler = this.handlers.get(message.id);
    if (!handler) return this.ack({ kind: 'ack', delivery, error: 'no longer subscribed' });
    handler(unpackBatch(message.batch)).then(
      () => this.ack({ kind: 'ack', delivery }),
      (error: unknown) =>
        this.ack({ kind: 'ack', delivery, error: String((error as Error)?.message ?? error) }),
    );
  }

  private ack(message: ToBus): void {
    this.port.postMessage(message);
  }
}
