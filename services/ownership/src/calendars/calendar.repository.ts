import { Inject, Injectable } from '@nestjs/common';
import { calendar } from '@baton/domain';
import { WrongExpectedVersionError, type EventStore } from '@baton/eventstore';
import type { CallContext } from '@baton/grpc-server';
import { CLOCK, EVENT_STORE, appendDecision, toDomainEvent, type Clock } from '@baton/service-kit';

/** Command data without metadata: the repository stamps `now` and the idempotency key. */
export type CalendarChange = Omit<calendar.CalendarCommand, 'metadata'>;

export interface CalendarsView {
  readonly registry: calendar.CalendarRegistry;
  readonly version: number;
}

const CONFLICT_RETRIES = 5;
const EMPTY: CalendarsView = { registry: calendar.emptyCalendarRegistry, version: 0 };

/**
 * Loads, decides and appends calendar commands on each tenant's stream `calendars-{tenant}`, and
 * keeps each tenant's folded registry in memory (calendars are few), catching up from the cached
 * version on every read so another process's writes are seen too.
 */
@Injectable()
export class CalendarRepository {
  private readonly cached = new Map<string, CalendarsView>();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async current(tenantId: string): Promise<CalendarsView> {
    const seen = this.cached.get(tenantId) ?? EMPTY;
    const stream = calendar.calendarStreamOf(tenantId);
    const events = await this.store.readStream(stream, { fromVersion: seen.version + 1 });
    let { registry, version } = seen;
    for (const event of events) {
      if (event.streamVersion !== version + 1) continue; // a concurrent catch-up already folded it
      registry = calendar.evolveCalendars(registry, toDomainEvent<calendar.CalendarEvent>(event));
      version = event.streamVersion;
    }
    const latest = this.cached.get(tenantId) ?? EMPTY;
    if (version > latest.version) this.cached.set(tenantId, { registry, version });
    return this.cached.get(tenantId) ?? EMPTY;
  }

  /** Decides `change` on the tenant's registry and appends its events; a conflict is decided again. */
  async execute(
    change: CalendarChange,
    context: CallContext,
    idempotencyKey?: string,
  ): Promise<CalendarsView> {
    for (let attempt = 0; ; attempt++) {
      const seen = await this.current(context.tenantId);
      const command = {
        ...{},
        ...change,
        metadata: { now: this.clock.now(), ...(idempotencyKey ? { idempotencyKey } : {}) },
      } as calendar.CalendarCommand;
      const events = calendar.decideCalendars(command, seen.registry);
      if (events.length === 0) return seen;
      try {
        await appendDecision(
          this.store,
          calendar.calendarStreamOf(context.tenantId),
          seen.version,
          events,
          context,
        );
        return await this.current(context.tenantId);
      } catch (error) {
        if (!(error instanceof WrongExpectedVersionError) || attempt >= CONFLICT_RETRIES) throw error;
      }
    }
  }
}
