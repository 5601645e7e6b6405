import { Inject, Injectable, Logger } from '@nestjs/common';
import { TRIGGERS_DLQ_TOPIC, TRIGGERS_TOPIC } from '@baton/contracts';
import {
  idempotentHandler,
  MessageHeaders,
  type BusSubscription,
  type MessageBus,
  type UnitOfWork,
} from '@baton/messaging';
import { maxFieldBytesFromEnv } from '@baton/grpc-server';
import { MESSAGE_BUS } from '@baton/service-kit';
import { logEntry } from '@baton/telemetry';
import { TRIGGERS_GROUP } from '../streams';
import { MalformedTriggerError, decodeTriggerMessage } from './trigger-input';
import { TriggerProcessor } from './trigger-processor';

/** A trigger nothing accepts (unknown type, nothing waiting, or data the definition refuses). */
export class TriggerNotAcceptedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TriggerNotAcceptedError';
  }
}

/**
 * The instance commands a trigger causes are idempotent by the trigger's key, so the effect needs
 * no separate processed-message record: every delivery runs, repeats record nothing.
 */
const effectIsIdempotent: UnitOfWork<undefined> = {
  transaction: (work) => work(undefined),
  markProcessed: async () => true,
};

const isPermanent = (error: unknown): boolean =>
  error instanceof MalformedTriggerError || error instanceof TriggerNotAcceptedError;

/** Consumes `baton.triggers.v1`: starts and correlates; malformed or unmatched triggers go to the DLQ. */
@Injectable()
export class TriggerConsumer {
  private readonly logger = new Logger('execution-triggers');
  private subscription: BusSubscription | undefined;

  constructor(
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
    @Inject(TriggerProcessor) private readonly processor: TriggerProcessor,
  ) {}

  async start(maxAttempts = 5, groupId = TRIGGERS_GROUP): Promise<void> {
    const maxFieldBytes = maxFieldBytesFromEnv();
    this.subscription = await this.bus.subscribe({
      topic: TRIGGERS_TOPIC,
      groupId,
      fromBeginning: true,
      handler: idempotentHandler({
        consumer: groupId,
        unitOfWork: effectIsIdempotent,
        deadLetter: { bus: this.bus, topic: TRIGGERS_DLQ_TOPIC },
        maxAttempts,
        isPermanent,
        onError: (error, attempt, message) => {
          const traceparent = message.headers[MessageHeaders.traceparent];
          if (isPermanent(error))
            this.logger.warn(logEntry(`trigger dead-lettered: ${String(error)}`, traceparent));
          else this.logger.warn(logEntry(`trigger attempt ${attempt} failed: ${String(error)}`, traceparent));
        },
        handle: async (message) => {
          const trigger = decodeTriggerMessage(message, maxFieldBytes);
          // The producer's trace (or, with telemetry on, this delivery's span) becomes the instance's.
          const traceparent = message.headers[MessageHeaders.traceparent];
          const outcome = await this.processor.process(trigger, {
            tenantId: trigger.tenantId || 'default',
            actor: `trigger:${trigger.source || 'unknown'}`,
            ...(traceparent ? { traceparent } : {}),
          });
          if (outcome.disposition === 'unmatched') {
            throw new TriggerNotAcceptedError(
              `no definition starts on ${trigger.type} and no instance waits for it with correlation key ${trigger.correlationKey}`,
            );
          }
          if (outcome.disposition === 'rejected') {
            throw new TriggerNotAcceptedError(`rejected: ${outcome.rejectionReason ?? ''}`);
          }
        },
      }),
    });
  }

  async stop(): Promise<void> {
    await this.subscription?.stop();
    this.subscription = undefined;
  }
}
