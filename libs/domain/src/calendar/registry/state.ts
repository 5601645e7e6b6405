import type { Millis } from '../../shared/data';
import type { BusinessCalendar } from '../calendar';
import type { CalendarEvent, CalendarSubject, CalendarVersion } from './events';

/** An assignment in force from `from` (the latest one before an instant applies). */
export interface Assignment {
  readonly calendarId: string;
  readonly from: Millis;
}

/**
 * A tenant's calendars (every version of each) and who works by which, each assignment kept with
 * its history: the calendar that applied to a team at a past instant is what a deadline computed
 * then used, and a replay must find the same one.
 */
export interface CalendarRegistry {
  readonly calendars: ReadonlyMap<string, readonly CalendarVersion[]>;
  readonly teams: ReadonlyMap<string, readonly Assignment[]>;
  readonly people: ReadonlyMap<string, readonly Assignment[]>;
  readonly tenant: readonly Assignment[];
  readonly processedKeys: ReadonlySet<string>;
}

export const emptyCalendarRegistry: CalendarRegistry = {
  calendars: new Map(),
  teams: new Map(),
  people: new Map(),
  tenant: [],
  processedKeys: new Set(),
};

/** The registry's stream of a tenant: one per tenant, so every change is ordered and versioned. */
export const calendarStreamOf = (tenantId: string): string => `calendars-${tenantId}`;

const appended = <K, V>(map: ReadonlyMap<K, readonly V[]>, key: K, value: V): Map<K, readonly V[]> =>
  new Map(map).set(key, [...(map.get(key) ?? []), value]);

export function evolveCalendars(state: CalendarRegistry, event: CalendarEvent): CalendarRegistry {
  const next = withKey(state, event.idempotencyKey);
  switch (event.type) {
    case 'CalendarVersionRecorded': {
      const { calendarId, version, name, rules } = event.data;
      const calendar: BusinessCalendar = { id: calendarId, ...rules };
      return {
        ...{},
        ...next,
        calendars: appended(next.calendars, calendarId, { version, name, from: event.at, calendar }),
      };
    }
    case 'CalendarAssigned':
      return assign(next, event.data.subject, { calendarId: event.data.calendarId, from: event.at });
    default:
      return state;
  }
}

function assign(state: CalendarRegistry, subject: CalendarSubject, assignment: Assignment): CalendarRegistry {
  switch (subject.kind) {
    case 'team':
      return { ...{}, ...state, teams: appended(state.teams, subject.teamId, assignment) };
    case 'person':
      return { ...{}, ...state, people: appended(state.people, subject.personId, assignment) };
    case 'tenant':
      return { ...{}, ...state, tenant: [...state.tenant, assignment] };
  }
}

function withKey(state: CalendarRegistry, key: string | undefined): CalendarRegistry {
  if (key === undefined || state.processedKeys.has(key)) return state;
  return { ...{}, ...state, processedKeys: new Set(state.processedKeys).add(key) };
}

export const foldCalendars = (events: readonly CalendarEvent[]): CalendarRegistry =>
  events.reduce(evolveCalendars, emptyCalendarRegistry);
