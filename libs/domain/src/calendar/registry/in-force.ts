import type { OwnerSpec } from '../../definition/model';
import type { Millis } from '../../shared/data';
import { weekdaysCalendar, type BusinessCalendar } from '../calendar';
import type { CalendarVersion } from './events';
import type { Assignment, CalendarRegistry } from './state';

/** The entry in force at `at`: the last one from at or before it (histories are in time order). */
function lastFrom<T extends { readonly from: Millis }>(
  history: readonly T[] | undefined,
  at: Millis,
): T | undefined {
  if (!history) return undefined;
  for (let i = history.length - 1; i >= 0; i--) {
    const entry = history[i] as T;
    if (entry.from <= at) return entry;
  }
  return undefined;
}

/** The version of a calendar in force at `at` (its first version before it was defined). */
export function calendarVersionAt(
  registry: CalendarRegistry,
  calendarId: string,
  at: Millis,
): CalendarVersion | undefined {
  const versions = registry.calendars.get(calendarId);
  return lastFrom(versions, at) ?? versions?.[0];
}

/**
 * Baton's calendar when a tenant has none: Monday–Friday 07:00–17:00 UTC, the week
 * process-mining tools assume, so a `business` deadline is always computable.
 */
export const FALLBACK_CALENDAR: BusinessCalendar = weekdaysCalendar('baton-default');

/** Where the calendar of an owner came from, for audit and for the CLI. */
export type CalendarSource = 'person' | 'team' | 'tenant' | 'fallback';

export interface ResolvedCalendar {
  readonly calendar: BusinessCalendar;
  readonly version: number;
  readonly source: CalendarSource;
}

/**
 * The calendar an owner works by at `at`: a person's own, else their team's, else the tenant's
 * default, else {@link FALLBACK_CALENDAR}. A role or data-field owner has no calendar of its own:
 * `teamId` (the team the step was assigned in, when known) or the default applies.
 */
export function calendarFor(
  registry: CalendarRegistry,
  owner: { readonly personId?: string; readonly teamId?: string },
  at: Millis,
): ResolvedCalendar {
  const candidates: [CalendarSource, Assignment | undefined][] = [
    ['person', owner.personId !== undefined ? lastFrom(registry.people.get(owner.personId), at) : undefined],
    ['team', owner.teamId !== undefined ? lastFrom(registry.teams.get(owner.teamId), at) : undefined],
    ['tenant', lastFrom(registry.tenant, at)],
  ];
  for (const [source, assignment] of candidates) {
    const version = assignment && calendarVersionAt(registry, assignment.calendarId, at);
    if (version) return { calendar: version.calendar, version: version.version, source };
  }
  return { calendar: FALLBACK_CALENDAR, version: 0, source: 'fallback' };
}

/** The person or team a step owner names, as {@link calendarFor} takes it. */
export function calendarOwnerOf(owner: OwnerSpec | undefined): { personId?: string; teamId?: string } {
  if (owner?.kind === 'person') return { personId: owner.personId };
  if (owner?.kind === 'team') return { teamId: owner.teamId };
  return {};
}
