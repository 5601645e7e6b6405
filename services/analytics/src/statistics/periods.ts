const DAY_MS = 86_400_000;

/** Months since January 1970 (UTC) of a UTC day (days since the epoch). */
export function utcMonth(day: number): number {
  const date = new Date(day * DAY_MS);
  return (date.getUTCFullYear() - 1970) * 12 + date.getUTCMonth();
}

/** The first UTC day of a month (months since January 1970). */
export const firstDayOf = (month: number): number => Date.UTC(1970, month, 1) / DAY_MS;

/** Weeks (Monday to Sunday, UTC) since the epoch's first Monday: day 4, 5 January 1970. */
export const utcWeek = (day: number): number => Math.floor((day - 4) / 7);

/** The Monday of a week. */
export const firstDayOfWeek = (week: number): number => week * 7 + 4;

/** Inclusive bounds; an absent one is open. */
export interface Bounds {
  readonly from?: number;
  readonly until?: number;
}

/**
 * How a window of UTC days is read: whole calendar months from the month rows; in what is left
 * over (at most one partial month at each end), whole weeks from the week rows and the days left
 * over from the day rows (at most six at either end of a stretch). Together they are exactly the
 * window's days, each once.
 */
export interface PeriodPlan {
  /** Months wholly inside the window, when there are any. */
  readonly months?: Bounds;
  readonly weeks: readonly Bounds[];
  readonly days: readonly Bounds[];
}

/**
 * The plan for the days `fromDay..untilDay` (inclusive, either open); `all-time` without bounds:
 * the all-time rows answer alone.
 */
export function planPeriods(window: {
  readonly fromDay?: number;
  readonly untilDay?: number;
}): PeriodPlan | 'all-time' {
  const { fromDay: from, untilDay: until } = window;
  if (from === undefined && until === undefined) return 'all-time';
  if (from !== undefined && until !== undefined && from > until) return { weeks: [], days: [] };
  // The first and last months wholly inside (undefined: open on that side).
  const first =
    from === undefined ? undefined : utcMonth(from) + (firstDayOf(utcMonth(from)) === from ? 0 : 1);
  const last =
    until === undefined
      ? undefined
      : utcMonth(until) - (firstDayOf(utcMonth(until) + 1) === until + 1 ? 0 : 1);
  if (first !== undefined && last !== undefined && first > last)
    return byWeeks([{ from: from as number, until: until as number }]);
  const stretches: Stretch[] = [];
  if (from !== undefined && first !== undefined && from < firstDayOf(first))
    stretches.push({ from, until: firstDayOf(first) - 1 });
  if (until !== undefined && last !== undefined && until >= firstDayOf(last + 1))
    stretches.push({ from: firstDayOf(last + 1), until });
  return {
    months: {
      ...{},
      ...(first !== undefined ? { from: first } : {}),
      ...(last !== undefined ? { until: last } : {}),
    },
    ...byWeeks(stretches),
  };
}

interface Stretch {
  readonly from: number;
  readonly until: number;
}

/** Stretches of days as their whole weeks and the days around them. */
function byWeeks(stretches: readonly Stretch[]): { weeks: Bounds[]; days: Bounds[] } {
  const weeks: Bounds[] = [];
  const days: Bounds[] = [];
  for (const { from, until } of stretches) {
    const [first, last] = [utcWeek(from + 6), utcWeek(until + 1) - 1];
    if (first > last) {
      days.push({ from, until });
      continue;
    }
    weeks.push({ from: first, until: last });
    if (from < firstDayOfWeek(first)) days.push({ from, until: firstDayOfWeek(first) - 1 });
    if (until >= firstDayOfWeek(last + 1)) days.push({ from: firstDayOfWeek(last + 1), until });
  }
  return { weeks, days };
}
