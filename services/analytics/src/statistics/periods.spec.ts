import fc from 'fast-check';
import { firstDayOf, firstDayOfWeek, planPeriods, utcMonth, utcWeek, type Bounds } from './periods';

const DAY = 86_400_000;
const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / DAY;
/** The test's universe of days: 2025-11-01 .. 2027-03-31. */
const [FIRST, LAST] = [day('2025-11-01'), day('2027-03-31')];

/** The days a plan reads, each as often as it reads it, within the universe. */
function daysRead(plan: ReturnType<typeof planPeriods>): number[] {
  const within = (b: Bounds, first: number, last: number) => ({
    from: Math.max(b.from ?? first, first),
    until: Math.min(b.until ?? last, last),
  });
  if (plan === 'all-time') return range(FIRST, LAST);
  const months = plan.months ? within(plan.months, utcMonth(FIRST), utcMonth(LAST)) : { from: 1, until: 0 };
  return [
    ...range(months.from, months.until).flatMap((m) => range(firstDayOf(m), firstDayOf(m + 1) - 1)),
    ...plan.weeks
      .flatMap((w) => range(w.from as number, w.until as number))
      .flatMap((w) => range(firstDayOfWeek(w), firstDayOfWeek(w + 1) - 1)),
    ...plan.days.flatMap((b) => {
      const d = within(b, FIRST, LAST);
      return range(d.from, d.until);
    }),
  ].sort((a, b) => a - b);
}

const range = (from: number, until: number) =>
  Array.from({ length: Math.max(0, until - from + 1) }, (_, i) => from + i);

describe('Periods', () => {
  it('numbers months from January 1970 and finds their first days', () => {
    expect(utcMonth(day('1970-01-31'))).toBe(0);
    expect(utcMonth(day('2026-02-28'))).toBe(56 * 12 + 1);
    expect(firstDayOf(utcMonth(day('2026-03-17')))).toBe(day('2026-03-01'));
    expect(firstDayOf(utcMonth(day('2024-12-31')) + 1)).toBe(day('2025-01-01'));
    // 2026-03-02 is a Monday.
    expect(firstDayOfWeek(utcWeek(day('2026-03-08')))).toBe(day('2026-03-02'));
    expect(firstDayOfWeek(utcWeek(day('2026-03-09')))).toBe(day('2026-03-09'));
  });

  describe('when a window is planned', () => {
    it('reads the all-time rows without bounds', () => {
      expect(planPeriods({})).toBe('all-time');
    });

    it('reads whole months from the month rows and the days left over from the day rows', () => {
      // January 2026 from Monday the 5th: three whole weeks, then the 26th to the 31st.
      expect(planPeriods({ fromDay: day('2026-01-05'), untilDay: day('2026-04-30') })).toEqual({
        months: { from: utcMonth(day('2026-02-01')), until: utcMonth(day('2026-04-01')) },
        weeks: [{ from: utcWeek(day('2026-01-05')), until: utcWeek(day('2026-01-25')) }],
        days: [{ from: day('2026-01-26'), until: day('2026-01-31') }],
      });
      expect(planPeriods({ fromDay: day('2026-01-07'), untilDay: day('2026-02-03') })).toEqual({
        weeks: [{ from: utcWeek(day('2026-01-12')), until: utcWeek(day('2026-02-01')) }],
        days: [
          { from: day('2026-01-07'), until: day('2026-01-11') },
          { from: day('2026-02-02'), until: day('2026-02-03') },
        ],
      });
      expect(planPeriods({ untilDay: day('2026-03-04') })).toEqual({
        months: { until: utcMonth(day('2026-02-01')) },
        weeks: [],
        days: [{ from: day('2026-03-01'), until: day('2026-03-04') }],
      });
    });

    it('covers every day of any window exactly once, with at most one partial month at each end', () => {
      const bound = fc.option(fc.integer({ min: FIRST + 40, max: LAST - 40 }), { nil: undefined });
      fc.assert(
        fc.property(bound, bound, (a, b) => {
          const [fromDay, untilDay] = a !== undefined && b !== undefined && a > b ? [b, a] : [a, b];
          const plan = planPeriods({
            ...(fromDay !== undefined ? { fromDay } : {}),
            ...(untilDay !== undefined ? { untilDay } : {}),
          });
          expect(daysRead(plan)).toEqual(range(fromDay ?? FIRST, untilDay ?? LAST));
          if (plan === 'all-time') return;
          // Days are read only around the whole weeks of the partial months at either end.
          const dayRows = plan.days.reduce((n, d) => n + (d.until as number) - (d.from as number) + 1, 0);
          expect(dayRows).toBeLessThanOrEqual(24);
          const weeks = plan.weeks.reduce((n, w) => n + (w.until as number) - (w.from as number) + 1, 0);
          expect(weeks).toBeLessThanOrEqual(10);
        }),
        { numRuns: 500 },
      );
    });
  });
});
