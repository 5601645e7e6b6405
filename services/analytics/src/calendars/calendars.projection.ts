import { OWNERSHIP_EVENTS_TOPIC } from '@baton/contracts';
import { access, calendar } from '@baton/domain';
import { toDomainEvent } from '@baton/service-kit';
import type { Projection } from '../projections/projection';
import type { ReadModelTx, Row, TableSpec } from '../read-model-store/read-model-store.port';

/** Ownership's calendar streams, `calendars-{tenant}` (one per tenant). */
export const CALENDARS_PREFIX = calendar.calendarStreamOf('');

/**
 * Each tenant's calendar events (the domain's CalendarEvent as JSON, in stream order) and the
 * stream version they reach: one row per tenant, so the statistics read a tenant's calendars with
 * one key and recognise text they parsed before. Calendars are few and change rarely.
 */
export const CALENDAR_EVENTS: TableSpec = {
  name: 'calendar_events',
  columns: { tenant_id: 'text', version: 'integer', events: 'text' },
  primaryKey: ['tenant_id'],
};

/** The tenant of a calendar stream, undefined for another stream. */
export function tenantOfCalendarStream(streamId: string): string | undefined {
  const tenant = streamId.startsWith(CALENDARS_PREFIX) ? streamId.slice(CALENDARS_PREFIX.length) : '';
  return access.isTenantId(tenant) ? tenant : undefined;
}

/**
 * The calendars and their assignments (team, person, tenant default) from ownership's events, as
 * execution's CalendarBook learns them, but kept durably: the statistics count business time in
 * them, in a live batch as in a rebuild (which replays `calendars-` streams before `instance-`
 * ones, and reads these rows from the rebuild's own tables when both are rebuilt together).
 */
export const calendarsProjection: Projection = {
  name: 'calendars',
  tables: [CALENDAR_EVENTS],
  topics: [OWNERSHIP_EVENTS_TOPIC],
  context: 'ownership',
  streamPrefixes: [CALENDARS_PREFIX],
  async apply(tx, events) {
    const byTenant = new Map<string, { version: number; events: calendar.CalendarEvent[] } | undefined>();
    for (const { event } of events) {
      const tenantId = tenantOfCalendarStream(event.streamId);
      if (tenantId === undefined) continue;
      if (!byTenant.has(tenantId)) {
        const row = await tx.get(CALENDAR_EVENTS, { tenant_id: tenantId });
        byTenant.set(
          tenantId,
          row
            ? { version: row['version'] as number, events: JSON.parse(row['events'] as string) }
            : { version: 0, events: [] },
        );
      }
      const held = byTenant.get(tenantId);
      // A repeat (the bus delivers at least once) is at or below the version kept.
      if (!held || event.streamVersion <= held.version) continue;
      held.version = event.streamVersion;
      held.events.push(toDomainEvent<calendar.CalendarEvent>(event));
    }
    const rows: Row[] = [...byTenant].flatMap(([tenantId, held]) =>
      held && held.events.length > 0
        ? [{ tenant_id: tenantId, version: held.version, events: JSON.stringify(held.events) }]
        : [],
    );
    if (rows.length > 0) await tx.put(CALENDAR_EVENTS, rows);
  },
};

/** The keys of these tenants' calendar rows. */
export const keysOfTenants = (tenants: readonly string[]): Row[] =>
  tenants.map((tenant_id) => ({ tenant_id }));

/**
 * Tenants' calendar registries as the calendars projection keeps them, folded by the domain's
 * `evolveCalendars`; a row's text seen before is not folded again (keyed by the text, so rows of
 * another store or a rebuild's shadow are never answered from a stale fold).
 */
export class CalendarRegistries {
  private readonly byText = new Map<string, calendar.CalendarRegistry>();

  /** The registries of these tenants (a tenant without calendars is absent: the fallback week applies). */
  async load(tx: ReadModelTx, tenantIds: Iterable<string>): Promise<Map<string, calendar.CalendarRegistry>> {
    const tenants = [...new Set(tenantIds)];
    return this.of(tenants, await tx.getMany(CALENDAR_EVENTS, keysOfTenants(tenants)));
  }

  /** The registries of these tenants from their rows as read (`keysOfTenants`' order). */
  of(tenants: readonly string[], rows: readonly (Row | undefined)[]): Map<string, calendar.CalendarRegistry> {
    const registries = new Map<string, calendar.CalendarRegistry>();
    tenants.forEach((tenantId, i) => {
      const text = rows[i]?.['events'] as string | undefined;
      if (text !== undefined) registries.set(tenantId, this.parse(text));
    });
    return registries;
  }

  private parse(text: string): calendar.CalendarRegistry {
    let registry = this.byText.get(text);
    if (!registry) {
      registry = calendar.foldCalendars(JSON.parse(text) as calendar.CalendarEvent[]);
      // Few tenants change calendars: when full, start over.
      if (this.byText.size >= 256) this.byText.clear();
      this.byText.set(text, registry);
    }
    return registry;
  }
}
