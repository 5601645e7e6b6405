import fc from 'fast-check';
import { DateTime } from 'luxon';
import { addBusinessTime, businessDuration, splitByWorkingTime } from './business-time';
import {
  allHoursCalendar,
  calendarViolations,
  weekdaysCalendar,
  type BusinessCalendar,
  type WorkingRange,
} from './calendar';

const HOUR = 3_600_000;
/** A wall-clock time in a zone, as an instant. */
const at = (iso: string, zone: string): number => {
  const t = DateTime.fromISO(iso, { zone });
  if (!t.isValid) throw new Error(`bad time ${iso} in ${zone}`);
  return t.toMillis();
};
const utc = (iso: string): number => Date.parse(iso);

const paris = weekdaysCalendar('paris', { timeZone: 'Europe/Paris', from: '09:00', to: '17:00' });
const newYork = weekdaysCalendar('ny', { timeZone: 'America/New_York', from: '09:00', to: '17:00' });

describe('business time, computed by hand', () => {
  it('skips a weekend', () => {
    // Friday 16:00 → Monday 10:00 in Paris: one hour on Friday, one on Monday.
    expect(
      businessDuration(paris, at('2026-11-27T16:00', 'Europe/Paris'), at('2026-11-30T10:00', 'Europe/Paris')),
    ).toBe(2 * HOUR);
  });

  it('skips a holiday', () => {
    const christmas: BusinessCalendar = { ...paris, id: 'paris-holidays', holidays: ['2026-12-25'] };
    const from = at('2026-12-24T16:00', 'Europe/Paris');
    const to = at('2026-12-28T10:00', 'Europe/Paris');
    expect(businessDuration(christmas, from, to)).toBe(2 * HOUR); // Thursday 1 h, Monday 1 h
    expect(businessDuration(paris, from, to)).toBe(10 * HOUR); // and the Friday's 8 h without it
  });

  it('follows the spring daylight-saving change in Paris', () => {
    // Clocks go from 02:00 to 03:00 on Sunday 29 March 2026 (UTC+1 → UTC+2).
    const friday = at('2026-03-27T16:00', 'Europe/Paris');
    const monday = at('2026-03-30T10:00', 'Europe/Paris');
    expect(friday).toBe(utc('2026-03-27T15:00:00Z'));
    expect(monday).toBe(utc('2026-03-30T08:00:00Z'));
    expect(monday - friday).toBe(65 * HOUR);
    expect(businessDuration(paris, friday, monday)).toBe(2 * HOUR);
    // A 4-hour business deadline from Friday 16:00: 1 h on Friday, 3 h on Monday → 12:00 (UTC+2).
    expect(addBusinessTime(paris, friday, 4 * HOUR)).toBe(utc('2026-03-30T10:00:00Z'));
    // Around the clock, the Sunday has 23 hours.
    const always = allHoursCalendar('paris-24x7', 'Europe/Paris');
    expect(
      businessDuration(
        always,
        at('2026-03-28T12:00', 'Europe/Paris'),
        at('2026-03-29T12:00', 'Europe/Paris'),
      ),
    ).toBe(23 * HOUR);
  });

  it('follows both daylight-saving changes in New York', () => {
    // Spring: 8 March 2026, 02:00 → 03:00 (UTC−5 → UTC−4).
    const friday = at('2026-03-06T16:00', 'America/New_York');
    const monday = at('2026-03-09T10:00', 'America/New_York');
    expect([friday, monday]).toEqual([utc('2026-03-06T21:00:00Z'), utc('2026-03-09T14:00:00Z')]);
    expect(businessDuration(newYork, friday, monday)).toBe(2 * HOUR);
    // Autumn: 1 November 2026, 02:00 → 01:00: around the clock, the Sunday has 25 hours.
    const always = allHoursCalendar('ny-24x7', 'America/New_York');
    expect(
      businessDuration(
        always,
        at('2026-10-31T12:00', 'America/New_York'),
        at('2026-11-01T12:00', 'America/New_York'),
      ),
    ).toBe(25 * HOUR);
  });

  it("measures a handoff between teams in different zones in the receiving team's hours", () => {
    // Paris finishes Monday 16:00 (10:00 in New York); New York starts Monday 12:00 (18:00 in Paris).
    const completed = at('2026-11-30T16:00', 'Europe/Paris');
    const started = at('2026-11-30T12:00', 'America/New_York');
    expect(started - completed).toBe(2 * HOUR);
    expect(splitByWorkingTime(newYork, completed, started)).toEqual({ workingMs: 2 * HOUR, offHoursMs: 0 });
    expect(splitByWorkingTime(paris, completed, started)).toEqual({ workingMs: HOUR, offHoursMs: HOUR });
  });

  it('takes closures out of the working day', () => {
    const moving: BusinessCalendar = {
      ...paris,
      id: 'paris-move',
      closures: [
        { from: at('2026-12-01T09:00', 'Europe/Paris'), to: at('2026-12-01T13:00', 'Europe/Paris') },
      ],
    };
    const from = at('2026-12-01T08:00', 'Europe/Paris');
    const to = at('2026-12-01T18:00', 'Europe/Paris');
    expect(businessDuration(moving, from, to)).toBe(4 * HOUR);
    expect(addBusinessTime(moving, from, HOUR)).toBe(at('2026-12-01T14:00', 'Europe/Paris'));
  });

  it('defaults to Monday–Friday 07:00–17:00 UTC, as process-mining tools do', () => {
    const mining = weekdaysCalendar('mining');
    expect(businessDuration(mining, utc('2026-11-27T00:00:00Z'), utc('2026-11-30T00:00:00Z'))).toBe(
      10 * HOUR,
    );
  });

  it('refuses a calendar that cannot be used, naming each field', () => {
    const bad: BusinessCalendar = {
      id: 'bad',
      timeZone: 'Mars/Olympus',
      week: { 1: [{ startMinute: 600, endMinute: 540 }] },
      holidays: ['2026-13-45'],
      closures: [{ from: 10, to: 5 }],
    };
    expect(calendarViolations(bad).map((v) => v.field)).toEqual([
      'timeZone',
      'week.1[0]',
      'week',
      'holidays[0]',
      'closures[0]',
    ]);
  });
});

// Random calendars in zones with and without daylight saving (Lord Howe moves by 30 minutes).
const zones = [
  'UTC',
  'Europe/Paris',
  'America/New_York',
  'Asia/Kolkata',
  'Australia/Lord_Howe',
  'America/Sao_Paulo',
];
const FROM = utc('2025-12-01T00:00:00Z');
const TO = utc('2027-02-01T00:00:00Z');

const rangesArb: fc.Arbitrary<WorkingRange[]> = fc
  .uniqueArray(fc.integer({ min: 0, max: 1440 }), { minLength: 0, maxLength: 4 })
  .map((points) => {
    const sorted = [...points].sort((a, b) => a - b);
    const ranges: WorkingRange[] = [];
    for (let i = 0; i + 1 < sorted.length; i += 2)
      ranges.push({ startMinute: sorted[i] as number, endMinute: sorted[i + 1] as number });
    return ranges;
  });

const calendarArb: fc.Arbitrary<BusinessCalendar> = fc
  .record({
    timeZone: fc.constantFrom(...zones),
    days: fc.array(rangesArb, { minLength: 7, maxLength: 7 }),
    holidays: fc.array(fc.integer({ min: 0, max: 420 }), { maxLength: 20 }),
    closures: fc.array(
      fc.tuple(fc.integer({ min: FROM, max: TO }), fc.integer({ min: 1, max: 5 * 24 * HOUR })),
      {
        maxLength: 3,
      },
    ),
  })
  .map(({ timeZone, days, holidays, closures }) => {
    const week: Record<number, WorkingRange[]> = {};
    days.forEach((ranges, i) => (week[i + 1] = ranges));
    if (days.every((r) => r.length === 0)) week[1] = [{ startMinute: 540, endMinute: 1020 }];
    return {
      id: 'random',
      timeZone,
      week,
      holidays: holidays.map((d) => new Date(FROM + d * 86_400_000).toISOString().slice(0, 10)),
      closures: closures.map(([from, length]) => ({ from, to: from + length })),
    } as BusinessCalendar;
  });

const instantArb = fc.integer({ min: FROM, max: TO });

describe('business time, as properties', () => {
  it('is never negative nor longer than the interval', () => {
    fc.assert(
      fc.property(calendarArb, instantArb, instantArb, (calendar, a, b) => {
        const d = businessDuration(calendar, a, b);
        expect(d).toBeGreaterThanOrEqual(0);
        expect(d).toBeLessThanOrEqual(Math.max(0, b - a));
      }),
      { numRuns: 300 },
    );
  });

  it('adds up over adjacent intervals', () => {
    fc.assert(
      fc.property(calendarArb, fc.array(instantArb, { minLength: 3, maxLength: 3 }), (calendar, points) => {
        const [a, b, c] = [...points].sort((x, y) => x - y) as [number, number, number];
        expect(businessDuration(calendar, a, c)).toBe(
          businessDuration(calendar, a, b) + businessDuration(calendar, b, c),
        );
      }),
      { numRuns: 300 },
    );
  });

  it('is zero inside a closure', () => {
    fc.assert(
      fc.property(
        calendarArb,
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (calendar, p, q) => {
          for (const { from, to } of calendar.closures) {
            const [x, y] = [p, q].sort((m, n) => m - n) as [number, number];
            expect(
              businessDuration(
                calendar,
                from + Math.floor(x * (to - from)),
                from + Math.floor(y * (to - from)),
              ),
            ).toBe(0);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('equals calendar time for a calendar that works around the clock, in any zone', () => {
    fc.assert(
      fc.property(fc.constantFrom(...zones), instantArb, instantArb, (zone, a, b) => {
        expect(businessDuration(allHoursCalendar('always', zone), a, b)).toBe(Math.max(0, b - a));
      }),
      { numRuns: 300 },
    );
  });

  it('puts a business deadline at the earliest instant with that much working time', () => {
    fc.assert(
      fc.property(
        calendarArb,
        instantArb,
        fc.double({ min: 0, max: 1, noNaN: true }),
        (calendar, from, share) => {
          // Up to 40 weeks of the calendar's working time, so holidays never exhaust the search.
          const weekly = Object.values(calendar.week)
            .flat()
            .reduce((sum, r) => sum + (r.endMinute - r.startMinute) * 60_000, 0);
          const duration = 1 + Math.floor(share * 40 * weekly);
          const due = addBusinessTime(calendar, from, duration);
          expect(businessDuration(calendar, from, due)).toBe(duration);
          expect(businessDuration(calendar, from, due - 1)).toBe(duration - 1);
        },
      ),
      { numRuns: 300 },
    );
  });
});
