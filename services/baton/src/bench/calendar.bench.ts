import { calendar as cal } from '@baton/domain';

const { addBusinessTime, allHoursCalendar, businessDuration } = cal;
type BusinessCalendar = cal.BusinessCalendar;

// `npm run bench -- calendar`: how fast business time is computed, printed as JSON. Issue 10 asks
// for durations per second, and for analytics with business time on at most 2× slower than with
// calendar time only; this measures the durations themselves against plain subtraction.

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const FROM = Date.UTC(2026, 0, 5);
const COUNT = 1_000_000;

/** A team in Paris, Monday–Friday 09:00–12:30 and 13:30–18:00, with French public holidays. */
const paris: BusinessCalendar = {
  id: 'paris',
  timeZone: 'Europe/Paris',
  week: Object.fromEntries(
    [1, 2, 3, 4, 5].map((d) => [
      d,
      [
        { startMinute: 540, endMinute: 750 },
        { startMinute: 810, endMinute: 1080 },
      ],
    ]),
  ),
  holidays: [
    '2026-01-01',
    '2026-04-06',
    '2026-05-01',
    '2026-05-08',
    '2026-05-14',
    '2026-07-14',
    '2026-08-15',
  ],
  closures: [],
};

/** Deterministic intervals: starts over a year, lengths log-spread from a minute to `maxMs`. */
function intervals(count: number, maxMs: number): Float64Array {
  const out = new Float64Array(count * 2);
  let seed = 42;
  const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  for (let i = 0; i < count; i++) {
    const from = FROM + Math.floor(random() * 365 * DAY);
    out[2 * i] = from;
    out[2 * i + 1] = from + Math.floor(Math.exp(Math.log(60_000) + random() * Math.log(maxMs / 60_000)));
  }
  return out;
}

function perSecond(count: number, run: () => number): { perSecond: number; checksum: number } {
  run(); // warm-up: JIT, and the calendar's day cache
  const start = process.hrtime.bigint();
  const checksum = run();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return { perSecond: Math.round(count / seconds), checksum };
}

function measure(calendar: BusinessCalendar, maxMs: number) {
  const spans = intervals(COUNT, maxMs);
  const durations = perSecond(COUNT, () => {
    let sum = 0;
    for (let i = 0; i < COUNT; i++)
      sum += businessDuration(calendar, spans[2 * i] as number, spans[2 * i + 1] as number);
    return sum;
  });
  const deadlines = perSecond(COUNT, () => {
    let sum = 0;
    for (let i = 0; i < COUNT; i++)
      sum +=
        addBusinessTime(
          calendar,
          spans[2 * i] as number,
          (spans[2 * i + 1] as number) - (spans[2 * i] as number),
        ) % 1000;
    return sum;
  });
  const subtraction = perSecond(COUNT, () => {
    let sum = 0;
    for (let i = 0; i < COUNT; i++) sum += (spans[2 * i + 1] as number) - (spans[2 * i] as number);
    return sum;
  });
  return {
    businessDurationsPerSecond: durations.perSecond,
    businessDeadlinesPerSecond: deadlines.perSecond,
    calendarDurationsPerSecond: subtraction.perSecond,
  };
}

/**
 * A step deadline as execution computes it: the owner's calendar in force at activation, looked up
 * in a tenant registry of 50 teams (each with three versions of its calendar), then addBusinessTime.
 */
function measureRegistryDeadlines(maxMs: number) {
  let registry = cal.emptyCalendarRegistry;
  const record = (command: cal.CalendarCommand) => {
    registry = cal.decideCalendars(command, registry).reduce(cal.evolveCalendars, registry);
  };
  const { id: _id, ...rules } = paris;
  for (let t = 0; t < 50; t++) {
    const calendarId = `team-${t}`;
    record({ type: 'DefineCalendar', data: { calendarId, name: calendarId, rules }, metadata: { now: 0 } });
    for (const now of [FROM + 30 * DAY, FROM + 90 * DAY])
      record({ type: 'UpdateCalendar', data: { calendarId, rules }, metadata: { now } });
    record({
      type: 'AssignCalendar',
      data: { calendarId, subject: { kind: 'team', teamId: calendarId } },
      metadata: { now: 0 },
    });
  }
  const spans = intervals(COUNT, maxMs);
  const owners = Array.from({ length: 50 }, (_, t) => ({ kind: 'team' as const, teamId: `team-${t}` }));
  return perSecond(COUNT, () => {
    let sum = 0;
    for (let i = 0; i < COUNT; i++) {
      const from = spans[2 * i] as number;
      const deadline = {
        kind: 'within' as const,
        durationMs: (spans[2 * i + 1] as number) - from,
        business: true as const,
      };
      sum += cal.dueWithin(deadline, from, owners[i % 50], registry) % 1000;
    }
    return sum;
  }).perSecond;
}

const result = {
  bench: 'calendar',
  node: process.version,
  at: new Date().toISOString(),
  intervals: `${COUNT.toLocaleString('en')} per figure, starts spread over 2026, lengths log-uniform from 1 minute`,
  parisTwoShiftsWithHolidays: {
    upTo1Day: measure(paris, DAY),
    upTo30Days: measure(paris, 30 * DAY),
  },
  aroundTheClockUtc: { upTo30Days: measure(allHoursCalendar('always'), 30 * DAY) },
  stepDeadlinesThroughTheTenantRegistry: {
    upTo1DayPerSecond: measureRegistryDeadlines(DAY),
    upTo30DaysPerSecond: measureRegistryDeadlines(30 * DAY),
  },
};
console.log(JSON.stringify(result, null, 2));
