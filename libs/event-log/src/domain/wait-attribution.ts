import type { LogReport } from './log-report';

/**
 * Where one handoff edge's waiting went: inside the working hours of the calendar, or outside
 * them (nights, weekends, holidays). A staffing problem shows as working-time waiting; a calendar
 * effect (work handed over on Friday evening) as off-hours waiting.
 */
export interface WaitAttribution {
  readonly from: string;
  readonly to: string;
  readonly count: number;
  /** All the edge's handoff time, elapsed. */
  readonly totalMs: number;
  /** The part inside working hours (the edge's total in business time). */
  readonly workingMs: number;
  /** The part outside working hours: totalMs − workingMs. */
  readonly offHoursMs: number;
  /** offHoursMs / totalMs; 0 when the edge lost no time. */
  readonly offHoursShare: number;
}

/**
 * Splits each handoff edge's elapsed time into working and off-hours parts, from the same log
 * analysed in both clocks (each pair's business time is its working part, since business time
 * counts exactly the working minutes of the interval). Most off-hours time first.
 */
export function waitAttribution(elapsed: LogReport, business: LogReport): WaitAttribution[] {
  const working = new Map(business.handoffs.map((h) => [`${h.from}\u0000${h.to}`, h.totalMs]));
  return elapsed.handoffs
    .map(({ from, to, count, totalMs }) => {
      // Never more than the elapsed time, whatever rounding the two sums met.
      const workingMs = Math.min(totalMs, working.get(`${from}\u0000${to}`) ?? 0);
      const offHoursMs = totalMs - workingMs;
      return {
        from,
        to,
        count,
        totalMs,
        workingMs,
        offHoursMs,
        offHoursShare: totalMs > 0 ? offHoursMs / totalMs : 0,
      };
    })
    .sort(
      (a, b) =>
        b.offHoursMs - a.offHoursMs ||
        b.totalMs - a.totalMs ||
        (a.from < b.from ? -1 : a.from > b.from ? 1 : a.to < b.to ? -1 : a.to > b.to ? 1 : 0),
    );
}
