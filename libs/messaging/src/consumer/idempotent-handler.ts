import {
  MessageHeaders,
  type IncomingMessage,
  type MessageBus,
  type MessageHandler,
} from '../port/message-bus.port';
import { recordConsumerRetry, recordDeadLetter } from '@baton/telemetry';
import type { UnitOfWork } from './unit-of-work.port';

/** Headers a dead-lettered message carries, besides its original headers. */
export const DlqHeaders = {
  reason: 'dlq-reason',
  originalTopic: 'dlq-original-topic',
  originalPartition: 'dlq-original-partition',
  originalOffset: 'dlq-original-offset',
  attempts: 'dlq-attempts',
} as const;

/** Options of {@link idempotentHandler}. */
export interface IdempotentHandlerOptions<Tx> {
  /** Consumer name: the dedupe scope (two consumers of one message each process it once). */
  readonly consumer: string;
  readonly unitOfWork: UnitOfWork<Tx>;
  /** Applies the message's effect inside `tx`; throw to retry (or to dead-letter, at the end). */
  readonly handle: (message: IncomingMessage, tx: Tx) => Promise<void>;
  /** Where messages go after the last attempt. */
  readonly deadLetter: { readonly bus: Pick<MessageBus, 'publish'>; readonly topic: string };
  /** Attempts before dead-lettering, including the first. Default 5. */
  readonly maxAttempts?: number;
  /** Delay before the second attempt; doubles each time up to `maxRetryDelayMs`. Default 100 ms. */
  readonly retryDelayMs?: number;
  /** Default 5 s. */
  readonly maxRetryDelayMs?: number;
  /** Errors that no retry can fix (malformed payloads): dead-lettered at once. */
  readonly isPermanent?: (error: unknown) => boolean;
  /** Called on each failed attempt; for logs and metrics. */
  readonly onError?: (error: unknown, attempt: number, message: IncomingMessage) => void;
  /** Injectable for tests. */
  readonly sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Wraps a handler so each message's effect is applied once even though the bus delivers at
 * least once: the effect and the "processed" record commit in one transaction, and the bus
 * commits the offset only after that (a crash in between redelivers; the redelivery is skipped).
 * A message keeps failing → it is published to the dead-letter topic and the consumer moves on.
 * Identity is the `event-id` header, else topic/partition/offset.
 */
export function idempotentHandler<Tx>(options: IdempotentHandlerOptions<Tx>): MessageHandler {
  const maxAttempts = options.maxAttempts ?? 5;
  const sleep = options.sleep ?? defaultSleep;
  return async (message) => {
    const messageId =
      message.headers[MessageHeaders.eventId] ?? `${message.topic}/${message.partition}/${message.offset}`;
    let delay = options.retryDelayMs ?? 100;
    for (let attempt = 1; ; attempt++) {
      try {
        await options.unitOfWork.transaction(async (tx) => {
          if (await options.unitOfWork.markProcessed(tx, options.consumer, messageId)) {
            await options.handle(message, tx);
          }
        });
        return;
      } catch (error) {
        options.onError?.(error, attempt, message);
        if (attempt >= maxAttempts || options.isPermanent?.(error)) {
          // If the DLQ publish itself fails, this rejects and the bus redelivers: nothing is dropped.
          await deadLetter(options, message, error, attempt);
          recordDeadLetter(options.consumer, message.topic, error);
          return;
        }
        recordConsumerRetry(options.consumer, message.topic);
        await sleep(delay);
        delay = Math.min(delay * 2, options.maxRetryDelayMs ?? 5_000);
      }
    }
  };
}

async function deadLetter<Tx>(
  options: IdempotentHandlerOptions<Tx>,
  message: IncomingMessage,
  error: unknown,
  attempts: number,
): Promise<void> {
  const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  await options.deadLetter.bus.publish(options.deadLetter.topic, [
    {
      key: message.key,
      value: message.value,
      headers: {
        ...{},
        ...message.headers,
        [DlqHeaders.reason]: reason,
        [DlqHeaders.originalTopic]: message.topic,
        [DlqHeaders.originalPartition]: String(message.partition),
        [DlqHeaders.originalOffset]: message.offset,
        [DlqHeaders.attempts]: String(attempts),
      },
    },
  ]);
}
