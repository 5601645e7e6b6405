import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { OWNERSHIP_EVENTS_TOPIC } from '@baton/contracts';
import { decodeMessage, MalformedMessageError } from '@baton/event-wire';
import type { BusSubscription, IncomingMessage, MessageBus } from '@baton/messaging';
import { MESSAGE_BUS } from '@baton/service-kit';
import { CalendarBook } from './calendar-book';

/**
 * Consumer group of execution's calendar reader: one of its own per process, because every
 * replica keeps all of its tenants' calendars in memory (a shared group would split the
 * partitions between replicas and leave each with part of them).
 */
export const calendarsGroup = (): string => `execution-calendars-${randomUUID()}`;

/** Learns each tenant's calendars from the ownership events topic (from its beginning). */
@Injectable()
export class CalendarEventsConsumer {
  private readonly logger = new Logger('execution-calendars');
  private subscription: BusSubscription | undefined;

  constructor(
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
    @Inject(CalendarBook) private readonly book: CalendarBook,
  ) {}

  async start(groupId = calendarsGroup()): Promise<void> {
    this.subscription = await this.bus.subscribe({
      topic: OWNERSHIP_EVENTS_TOPIC,
      groupId,
      fromBeginning: true,
      handler: (message) => this.handle(message),
    });
  }

  async stop(): Promise<void> {
    await this.subscription?.stop();
    this.subscription = undefined;
  }

  handle(message: IncomingMessage): Promise<void> {
    try {
      this.book.learn(decodeMessage(message));
    } catch (error) {
      // Retrying cannot fix a malformed message; ownership's own store still has the event.
      if (!(error instanceof MalformedMessageError)) throw error;
      this.logger.warn(`skipped ownership event at ${message.topic}/${message.offset}: ${error.message}`);
    }
    return Promise.resolve();
  }
}
