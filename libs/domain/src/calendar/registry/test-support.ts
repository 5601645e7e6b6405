import { DateTime } from 'luxon';
import type { WorkingRange } from '../calendar';
import type { CalendarRules } from './events';
import { decideCalendars, type CalendarCommand } from './decide';
import { emptyCalendarRegistry, evolveCalendars, type CalendarRegistry } from './state';

export const HOUR = 3_600_000;

/** A wall-clock time in a zone, as an instant. */
export const local = (iso: string, zone: string): number => {
  const t = DateTime.fromISO(iso, { zone });
  if (!t.isValid) throw new Error(`bad time ${iso} in ${zone}`);
  return t.toMillis();
};
export const utc = (iso: string): number => Date.parse(iso);

/** Monday–Friday 09:00–17:00 in a zone, with holidays. */
export const officeHours = (timeZone: string, holidays: readonly string[] = []): CalendarRules => {
  const day: WorkingRange[] = [{ startMinute: 9 * 60, endMinute: 17 * 60 }];
  return { timeZone, week: { 1: day, 2: day, 3: day, 4: day, 5: day }, holidays, closures: [] };
};

/** Applies commands in order at their own `now`, as the service would. */
export function registryAfter(
  commands: readonly CalendarCommand[],
  start?: CalendarRegistry,
): CalendarRegistry {
  let state = start ?? emptyCalendarRegistry;
  for (const command of commands) state = decideCalendars(command, state).reduce(evolveCalendars, state);
  return state;
}

export const define = (
  calendarId: string,
  rules: CalendarRules,
  now = 0,
  idempotencyKey?: string,
): CalendarCommand => ({
  type: 'DefineCalendar',
  data: { calendarId, name: calendarId, rules },
  metadata: { now, ...(idempotencyKey ? { idempotencyKey } : {}) },
});

export const update = (
  calendarId: string,
  rules: CalendarRules,
  now: number,
  expectedVersion?: number,
): CalendarCommand => ({
  type: 'UpdateCalendar',
  data: { calendarId, rules, ...(expectedVersion !== undefined ? { expectedVersion } : {}) },
  metadata: { now },
});

export const assignTeam = (calendarId: string, teamId: string, now = 0): CalendarCommand => ({
  type: 'AssignCalendar',
  data: { calendarId, subject: { kind: 'team', teamId } },
  metadata: { now },
});

export const assignTenant = (calendarId: string, now = 0): CalendarCommand => ({
  type: 'AssignCalendar',
  data: { calendarId, subject: { kind: 'tenant' } },
  metadata: { now },
});

export const assignPerson = (calendarId: string, personId: string, now = 0): CalendarCommand => ({
  type: 'AssignCalendar',
  data: { calendarId, subject: { kind: 'person', personId } },
  metadata: { now },
});
