import { access, calendar } from '@baton/domain';
import type { RecordedEvent } from '@baton/eventstore';
import { toDomainEvent } from '@baton/service-kit';

const CALENDAR_EVENTS: ReadonlySet<string> = new Set(['CalendarVersionRecorded', 'CalendarAssigned']);

/** Type of the events of execution's `execution-known-calendars-{tenant}` streams. */
export const CALENDAR_EVENT_LEARNED = 'CalendarEventLearned';

/** One event of ownership's `calendars-{tenant}` stream, as execution records it in its own store. */
export interface LearnedCalendarEvent {
  readonly tenantId: string;
  /** Its version in ownership's stream: how a redelivered or replayed event is recognised. */
  readonly sourceVersion: number;
  readonly event: calendar.CalendarEvent;
}

/**
 * Each tenant's calendars as execution knows them, for deadlines and SLAs in business time:
 * learned from ownership's events (streams `calendars-{tenant}`), recorded in execution's own
 * store first and rebuilt from it at start, so they outlive the topic's retention. In memory:
 * calendars are few.
 */
export class CalendarBook {
  private readonly tenants = new Map<string, { registry: calendar.CalendarRegistry; version: number }>();

  /** The calendar event an ownership event is, or undefined for any other event. */
  static learnedFrom(event: RecordedEvent): LearnedCalendarEvent | undefined {
    if (!CALENDAR_EVENTS.has(event.type) || !event.streamId.startsWith('calendars-')) return undefined;
    return {
      tenantId: access.tenantOr(event.metadata.tenantId),
      sourceVersion: event.streamVersion,
      event: toDomainEvent<calendar.CalendarEvent>(event),
    };
  }

  /** Whether this event (or a later one of its stream) is folded in already. */
  knows(learned: LearnedCalendarEvent): boolean {
    return learned.sourceVersion <= (this.tenants.get(learned.tenantId)?.version ?? 0);
  }

  /** Folds one calendar event in, in stream order; a repeated one changes nothing. */
  learn(learned: LearnedCalendarEvent): void {
    if (this.knows(learned)) return;
    const known = this.tenants.get(learned.tenantId);
    const registry = calendar.evolveCalendars(
      known?.registry ?? calendar.emptyCalendarRegistry,
      learned.event,
    );
    this.tenants.set(learned.tenantId, { registry, version: learned.sourceVersion });
  }

  /** The tenant's calendars; undefined before any was learned (business time then counts the fallback week). */
  of(tenantId: string | undefined): calendar.CalendarRegistry | undefined {
    return this.tenants.get(access.tenantOr(tenantId))?.registry;
  }
}
