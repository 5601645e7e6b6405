import { IANAZone } from 'luxon';
import { ValidationError, type FieldViolation } from '../shared/errors';

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

/** Working time within one local day, in minutes after local midnight: [start, end), end ≤ 1440. */
export interface WorkingRange {
  readonly startMinute: number;
  readonly endMinute: number;
}

/** A time when the team does not work, whatever the week says (an office move, an outage). */
export interface Closure {
  /** Epoch milliseconds, inclusive. */
  readonly from: number;
  /** Epoch milliseconds, exclusive. */
  readonly to: number;
}

/**
 * When a team works: weekly hours in its own time zone (wall-clock, so daylight-saving changes
 * move them with the clocks), holidays as local dates, and closures as absolute intervals.
 */
export interface BusinessCalendar {
  readonly id: string;
  /** IANA time zone name, e.g. `Europe/Paris`. */
  readonly timeZone: string;
  readonly week: Readonly<Partial<Record<Weekday, readonly WorkingRange[]>>>;
  /** Local dates (`YYYY-MM-DD`) without working time. */
  readonly holidays: readonly string[];
  readonly closures: readonly Closure[];
}

const DAY_MINUTES = 1440;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** `HH:MM` (00:00–24:00) as minutes after midnight; undefined when malformed. */
export function minuteOfDay(text: string): number | undefined {
  const match = /^(\d{2}):(\d{2})$/.exec(text);
  if (!match) return undefined;
  const minutes = Number(match[1]) * 60 + Number(match[2]);
  return Number(match[2]) < 60 && minutes <= DAY_MINUTES ? minutes : undefined;
}

/** Every problem of a calendar, with the field it is in; empty when it can be used. */
export function calendarViolations(calendar: BusinessCalendar): FieldViolation[] {
  const violations: FieldViolation[] = [];
  const add = (field: string, description: string) => violations.push({ field, description });
  if (!IANAZone.isValidZone(calendar.timeZone))
    add('timeZone', `"${calendar.timeZone}" is not an IANA time zone`);
  let working = 0;
  for (const [day, ranges] of Object.entries(calendar.week)) {
    if (!/^[1-7]$/.test(day)) add(`week.${day}`, 'is not an ISO weekday (1 = Monday … 7 = Sunday)');
    let previousEnd = 0;
    (ranges ?? []).forEach((range, i) => {
      const field = `week.${day}[${i}]`;
      const { startMinute: start, endMinute: end } = range;
      if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end > DAY_MINUTES)
        add(field, 'must lie within the day (00:00–24:00, whole minutes)');
      else if (end <= start) add(field, 'must end after it starts');
      else if (start < previousEnd) add(field, 'overlaps or precedes the range before it');
      else working += end - start;
      previousEnd = Math.max(previousEnd, end);
    });
  }
  if (working === 0) add('week', 'has no working time: deadlines in business time could never fall due');
  calendar.holidays.forEach((date, i) => {
    if (!ISO_DATE.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`)))
      add(`holidays[${i}]`, `"${date}" is not a date (YYYY-MM-DD)`);
  });
  calendar.closures.forEach((closure, i) => {
    if (!(closure.to > closure.from)) add(`closures[${i}]`, 'must end after it starts');
  });
  return violations;
}

/** The calendar, or a ValidationError naming every problem. */
export function requireValidCalendar(calendar: BusinessCalendar): BusinessCalendar {
  const violations = calendarViolations(calendar);
  if (violations.length > 0)
    throw new ValidationError('CALENDAR.INVALID', `calendar ${calendar.id} is invalid`, violations);
  return calendar;
}

/** Every minute of every day: business time equals calendar time. */
export function allHoursCalendar(id: string, timeZone = 'UTC'): BusinessCalendar {
  const allDay = [{ startMinute: 0, endMinute: DAY_MINUTES }];
  return {
    id,
    timeZone,
    week: { 1: allDay, 2: allDay, 3: allDay, 4: allDay, 5: allDay, 6: allDay, 7: allDay },
    holidays: [],
    closures: [],
  };
}

/**
 * Monday to Friday between two wall-clock times (default 07:00–17:00 UTC, the weekly calendar
 * process-mining tools assume for business hours).
 */
export function weekdaysCalendar(
  id: string,
  options: { readonly timeZone?: string; readonly from?: string; readonly to?: string } = {},
): BusinessCalendar {
  const startMinute = minuteOfDay(options.from ?? '07:00');
  const endMinute = minuteOfDay(options.to ?? '17:00');
  if (startMinute === undefined || endMinute === undefined)
    throw new ValidationError('CALENDAR.INVALID', 'working hours must be HH:MM', [
      { field: 'hours', description: `"${options.from ?? ''}–${options.to ?? ''}" is not HH:MM–HH:MM` },
    ]);
  const day = [{ startMinute, endMinute }];
  return requireValidCalendar({
    id,
    timeZone: options.timeZone ?? 'UTC',
    week: { 1: day, 2: day, 3: day, 4: day, 5: day },
    holidays: [],
    closures: [],
  });
}
