import { access, calendar } from '@baton/domain';
import type { RecordedEvent } from '@baton/eventstore';
import { toDomainEvent } from '@baton/service-kit';

const CALENDAR_EVENTS: ReadonlySet<string> = new Set(['CalendarVersionRecorded', 'CalendarAssigned']);

/**
 * Each tenant's calendars as execution knows them, learned from ownership's events (streams
 * `calendars-{tenant}`), for deadlines and SLAs in business time. In memory: calendars are few,
 * and the topic is read from the beginning at every start.
 */
export class CalendarBook {
  private readonly tenants = new Map<string, { registry: calendar.CalendarRegistry; version: number }>();

  /** Whether the event is one the book learns from. */
  static wants(event: RecordedEvent): boolean {
    return CALENDAR_EVENTS.has(event.type) && event.streamId.startsWith('calendars-');
  }

  /** Folds one calendar event in, in stream order; a redelivered one changes nothing. */
  learn(event: RecordedEvent): void {
    if (!CalendarBook.wants(event)) return;
    const tenantId = access.tenantOr(event.metadata.tenantId);
    const known = this.tenants.get(tenantId) ?? { registry: calendar.emptyCalendarRegistry, version: 0 };
    if (event.streamVersion <= known.version) return;
    const registry = calendar.evolveCalendars(known.registry, toDomainEvent<calendar.CalendarEvent>(event));
    this.tenants.set(tenantId, { registry, version: event.streamVersion });
  }

  /** The tenant's calendars; undefined before any was learned (business time then counts the fallback week). */
  of(tenantId: string | undefined): calendar.CalendarRegistry | undefined {
    return this.tenants.get(access.tenantOr(tenantId))?.registry;
  }
}
