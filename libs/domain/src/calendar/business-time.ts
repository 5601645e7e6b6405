import { DateTime, IANAZone } from 'luxon';
import { ValidationError } from '../shared/errors';
import type { BusinessCalendar, Weekday } from './calendar';

// Business time: the part of an interval that falls in a calendar's working time. Everything is
// computed on absolute instants (epoch milliseconds); the calendar's wall-clock hours become
// instants day by day in its time zone, so a daylight-saving change moves them with the clocks.

const DAY_MS = 86_400_000;
const QUARTER_MS = 900_000;
/** Ten years of days without working time: a calendar that never works again. */
const MAX_DAYS_SEARCHED = 3_660;

type Interval = readonly [start: number, end: number];

/** Per calendar: its zone, the UTC offsets seen (per quarter hour) and each local day's intervals. */
interface CalendarCache {
  readonly zone: IANAZone;
  readonly offsets: Map<number, number>;
  readonly days: Map<number, readonly Interval[]>;
  readonly holidays: ReadonlySet<string>;
  readonly closures: readonly Interval[];
}

const caches = new WeakMap<BusinessCalendar, CalendarCache>();
const CACHE_LIMIT = 50_000;

function cacheOf(calendar: BusinessCalendar): CalendarCache {
  let cache = caches.get(calendar);
  if (!cache) {
    cache = {
      zone: IANAZone.create(calendar.timeZone),
      offsets: new Map(),
      days: new Map(),
      holidays: new Set(calendar.holidays),
      closures: [...calendar.closures].map((c): Interval => [c.from, c.to]).sort((a, b) => a[0] - b[0]),
    };
    caches.set(calendar, cache);
  }
  return cache;
}

/** The zone's offset from UTC at `instant`, in ms (zones change offset on quarter hours at most). */
function offsetAt(cache: CalendarCache, instant: number): number {
  const quarter = Math.floor(instant / QUARTER_MS);
  let offset = cache.offsets.get(quarter);
  if (offset === undefined) {
    if (cache.offsets.size > CACHE_LIMIT) cache.offsets.clear();
    offset = cache.zone.offset(quarter * QUARTER_MS) * 60_000;
    cache.offsets.set(quarter, offset);
  }
  return offset;
}

/** The local day (days since 1970-01-01 in the calendar's zone) that contains `instant`. */
const localDay = (cache: CalendarCache, instant: number): number =>
  Math.floor((instant + offsetAt(cache, instant)) / DAY_MS);

/** 1970-01-01 was a Thursday (ISO weekday 4). */
const weekdayOf = (day: number): Weekday => ((((day % 7) + 7 + 3) % 7) + 1) as Weekday;

const isoDateOf = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);

/** The instant of a wall-clock minute of a local day (a time skipped by a clock change moves forward). */
function instantOf(calendar: BusinessCalendar, day: number, minute: number): number {
  const date = new Date(day * DAY_MS + minute * 60_000);
  return DateTime.fromObject(
    {
      year: date.getUTCFullYear(),
      month: date.getUTCMonth() + 1,
      day: date.getUTCDate(),
      hour: date.getUTCHours(),
      minute: date.getUTCMinutes(),
    },
    { zone: calendar.timeZone },
  ).toMillis();
}

/** Working intervals of one local day, as instants, closures taken out. */
function workingIntervals(
  calendar: BusinessCalendar,
  cache: CalendarCache,
  day: number,
): readonly Interval[] {
  let intervals = cache.days.get(day);
  if (intervals) return intervals;
  const ranges = cache.holidays.has(isoDateOf(day)) ? [] : (calendar.week[weekdayOf(day)] ?? []);
  intervals = withoutClosures(
    ranges
      .map((r): Interval => [instantOf(calendar, day, r.startMinute), instantOf(calendar, day, r.endMinute)])
      .filter(([start, end]) => end > start),
    cache.closures,
  );
  if (cache.days.size > CACHE_LIMIT) cache.days.clear();
  cache.days.set(day, intervals);
  return intervals;
}

function withoutClosures(intervals: readonly Interval[], closures: readonly Interval[]): readonly Interval[] {
  if (closures.length === 0) return intervals;
  let remaining = intervals;
  for (const [from, to] of closures) {
    remaining = remaining.flatMap(([start, end]): Interval[] => {
      if (to <= start || from >= end) return [[start, end]];
      const parts: Interval[] = [];
      if (from > start) parts.push([start, from]);
      if (to < end) parts.push([to, end]);
      return parts;
    });
  }
  return remaining;
}

/** Milliseconds of working time in [from, to); 0 when `to` is not after `from`. */
export function businessDuration(calendar: BusinessCalendar, from: number, to: number): number {
  if (!(to > from)) return 0;
  const cache = cacheOf(calendar);
  const last = localDay(cache, to - 1);
  let total = 0;
  for (let day = localDay(cache, from); day <= last; day++) {
    for (const [start, end] of workingIntervals(calendar, cache, day)) {
      const overlap = Math.min(end, to) - Math.max(start, from);
      if (overlap > 0) total += overlap;
    }
  }
  return total;
}

/**
 * The earliest instant by which `duration` ms of working time have passed since `from` (a
 * deadline in business time). `from` itself when the duration is not positive.
 */
export function addBusinessTime(calendar: BusinessCalendar, from: number, duration: number): number {
  if (!(duration > 0)) return from;
  const cache = cacheOf(calendar);
  let remaining = duration;
  const firstDay = localDay(cache, from);
  for (let day = firstDay; day < firstDay + MAX_DAYS_SEARCHED; day++) {
    for (const [start, end] of workingIntervals(calendar, cache, day)) {
      const begin = Math.max(start, from);
      if (end <= begin) continue;
      if (remaining <= end - begin) return begin + remaining;
      remaining -= end - begin;
    }
  }
  throw new ValidationError(
    'CALENDAR.NO_WORKING_TIME',
    `calendar ${calendar.id} has no working time in the ${MAX_DAYS_SEARCHED} days after ${new Date(from).toISOString()}`,
    [{ field: 'calendar', description: 'holidays and closures leave no working time' }],
  );
}

/** How an interval splits into the calendar's working time and the time outside it. */
export interface WorkingSplit {
  readonly workingMs: number;
  readonly offHoursMs: number;
}

/** Splits [from, to) into working and off-hours time (wait attribution of a handoff). */
export function splitByWorkingTime(calendar: BusinessCalendar, from: number, to: number): WorkingSplit {
  const workingMs = businessDuration(calendar, from, to);
  return { workingMs, offHoursMs: Math.max(0, to - from) - workingMs };
}
