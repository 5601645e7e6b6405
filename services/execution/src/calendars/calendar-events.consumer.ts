import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { OWNERSHIP_EVENTS_TOPIC } from '@baton/contracts';
import type { EventStore } from '@baton/eventstore';
import type { BusSubscription, IncomingMessage, MessageBus } from '@baton/messaging';
import { EVENT_STORE, MESSAGE_BUS } from '@baton/service-kit';
import { learnOnce, type Learner } from '../learned/learn-once';
import { knownCalendarsStream } from '../streams';
import { CALENDAR_EVENT_LEARNED, CalendarBook, type LearnedCalendarEvent } from './calendar-book';

/** Namespace of the ids of learned events: derived from the source event id, so a replay writes nothing twice. */
const LEARNED_NAMESPACE = 'c8a4a1e2-6f0b-4d8e-9b8e-3f7d2a6c5b14';

/**
 * Consumer group of execution's calendar reader: one of its own per process, because every
 * replica keeps all of its tenants' calendars in memory (a shared group would split the
 * partitions between replicas and leave each with part of them).
 */
export const calendarsGroup = (): string => `execution-calendars-${randomUUID()}`;

/**
 * Learns each tenant's calendars from the ownership events topic (from its beginning) and records
 * each new one in execution's own store before using it, as definitions are: the book is rebuilt
 * from the store at start, whatever the topic still holds.
 */
@Injectable()
export class CalendarEventsConsumer {
  private readonly logger = new Logger('execution-calendars');
  private subscription: BusSubscription | undefined;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
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
    return learnOnce(message, this.store, this.learner, (line) => this.logger.warn(line));
  }

  private readonly learner: Learner<LearnedCalendarEvent> = {
    learnedFrom: (event) => CalendarBook.learnedFrom(event),
    knows: (learned) => this.book.knows(learned),
    learn: (learned) => this.book.learn(learned),
    recordAs: (learned) => ({
      streamId: knownCalendarsStream(learned.tenantId),
      type: CALENDAR_EVENT_LEARNED,
    }),
    namespace: LEARNED_NAMESPACE,
  };
}
