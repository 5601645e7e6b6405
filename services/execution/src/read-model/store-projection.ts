import { Inject, Injectable } from '@nestjs/common';
import type { EventStore, RecordedEvent, Subscription } from '@baton/eventstore';
import { EVENT_STORE } from '@baton/service-kit';
import { CALENDAR_EVENT_LEARNED, CalendarBook, type LearnedCalendarEvent } from '../calendars/calendar-book';
import { DefinitionCatalog } from '../definitions/definition-catalog';
import {
  KNOWN_DEFINITION_EVENT_TYPES,
  type KnownDefinitionEvent,
} from '../definitions/known-definition-events';
import {
  INSTANCE_STREAM_PREFIX,
  isInstanceStream,
  KNOWN_CALENDARS_STREAM_PREFIX,
  KNOWN_DEFINITION_STREAM_PREFIX,
} from '../streams';
import { InstanceReadModel } from './instance-read-model';

/**
 * Replays the store at start-up and then follows it live: execution's known definitions rebuild
 * the catalog, its known calendars the calendar book, `instance-` streams feed the read model
 * (lists, work, waits, timers). In memory, so it starts from the beginning each time.
 */
@Injectable()
export class StoreProjection {
  private subscription: Subscription | undefined;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(DefinitionCatalog) private readonly catalog: DefinitionCatalog,
    @Inject(InstanceReadModel) private readonly readModel: InstanceReadModel,
    @Inject(CalendarBook) private readonly calendars: CalendarBook,
  ) {}

  /** Resolves once the replay reached the live end. */
  start(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.subscription = this.store.subscribeToAll({
        batchSize: 1000,
        streamPrefixes: [
          INSTANCE_STREAM_PREFIX,
          KNOWN_DEFINITION_STREAM_PREFIX,
          KNOWN_CALENDARS_STREAM_PREFIX,
        ],
        handler: async (event) => this.apply(event),
        onCaughtUp: resolve,
      });
      this.subscription.done.catch(reject);
    });
  }

  async stop(): Promise<void> {
    await this.subscription?.stop();
    this.subscription = undefined;
  }

  private apply(event: RecordedEvent): void {
    if (isInstanceStream(event.streamId)) {
      this.readModel.applyRecorded(event);
    } else if (
      event.streamId.startsWith(KNOWN_DEFINITION_STREAM_PREFIX) &&
      KNOWN_DEFINITION_EVENT_TYPES.includes(event.type)
    ) {
      this.catalog.learn({ type: event.type, data: event.data } as KnownDefinitionEvent);
    } else if (
      event.streamId.startsWith(KNOWN_CALENDARS_STREAM_PREFIX) &&
      event.type === CALENDAR_EVENT_LEARNED
    ) {
      this.calendars.learn(event.data as LearnedCalendarEvent);
    }
  }
}
