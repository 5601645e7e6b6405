import type { MessagePort } from 'node:worker_threads';
import type { BusSubscription, IncomingMessage, MessageBus } from '../port/message-bus.port';
import { packBatch, type ToBus, type ToConsumer } from './thread-bus-protocol';

/** What {@link serveBusToThread} returns. */
export interface ServedBus {
  /**
   * Ends the service (the thread stopped or died): deliveries awaiting an acknowledgement fail,
   * so the bus redelivers them to whoever subscribes next, and the thread's subscriptions stop.
   */
  close(): Promise<void>;
}

/**
 * Lets a worker thread consume from `bus` through `port` (its side is a {@link ThreadBusClient}):
 * each subscription of the thread becomes one of `bus`, whose batches are acknowledged only when
 * the thread's handler resolved. So a consumer moved to a thread keeps the bus's guarantees, and
 * its consumer groups (with their positions) stay on the bus that outlives the thread.
 */
export function serveBusToThread(bus: MessageBus, port: MessagePort): ServedBus {
  const subscriptions = new Map<number, Promise<BusSubscription>>();
  const awaitingAck = new Map<number, { resolve(): void; reject(error: Error): void }>();
  let nextDelivery = 1;
  let closed = false;
  const send = (message: ToConsumer, transfer: ArrayBuffer[] = []) => {
    if (!closed) port.postMessage(message, transfer);
  };

  const deliver = (id: number, messages: readonly IncomingMessage[]) =>
    new Promise<void>((resolve, reject) => {
      if (closed) return reject(new Error('the consuming thread is gone'));
      const delivery = nextDelivery++;
      awaitingAck.set(delivery, { resolve, reject });
      const batch = packBatch(messages);
      send({ kind: 'batch', id, delivery, batch }, [batch.bytes]);
    });

  const onMessage = (message: ToBus) => {
    switch (message.kind) {
      case 'subscribe': {
        const { id, kind: _, ...target } = message;
        const subscribed = bus.subscribe({ ...{}, ...target, batchHandler: (batch) => deliver(id, batch) });
        subscriptions.set(id, subscribed);
        subscribed.then(
          () => send({ kind: 'subscribed', id }),
          (error: Error) => {
            subscriptions.delete(id);
            send({ kind: 'subscribed', id, error: error.message });
          },
        );
        return;
      }
      case 'unsubscribe': {
        const subscribed = subscriptions.get(message.id);
        subscriptions.delete(message.id);
        void subscribed
          ?.then((s) => s.stop())
          .catch(() => undefined)
          .then(() => send({ kind: 'unsubscribed', id: message.id }));
        return;
      }
      case 'ack': {
        const waiting = awaitingAck.get(message.delivery);
        awaitingAck.delete(message.delivery);
        if (message.error === undefined) waiting?.resolve();
        else waiting?.reject(new Error(`the consuming thread failed: ${message.error}`));
        return;
      }
    }
  };
  port.on('message', onMessage);

  return {
    async close() {
      closed = true;
      port.off('message', onMessage);
      // First fail what the thread will never acknowledge: stopping waits for deliveries in flight.
      for (const waiting of awaitingAck.values()) waiting.reject(new Error('the consuming thread is gone'));
      awaitingAck.clear();
      const stopping = [...subscriptions.values()].map((s) =>
        s.then((sub) => sub.stop()).catch(() => undefined),
      );
      subscriptions.clear();
      await Promise.all(stopping);
    },
  };
}
