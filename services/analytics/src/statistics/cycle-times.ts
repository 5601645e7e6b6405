import { emptyCases, mergeCases, type CaseAggregate } from '@baton/analytics-core';
import type { CaseRow } from './stats-rows';

/** End-to-end figures of a span of UTC days (inclusive). */
export interface CycleFigures {
  /** Cases that ended in the span. */
  readonly ended: CaseAggregate;
  /** Cases started in the span. */
  readonly started: number;
  /** Started up to the span's end and not ended by then. */
  readonly workInProgress: number;
  /** Completed cases per day of the span. */
  readonly throughputPerDay: number;
}

/** The figures of `from..until` from case rows of every day up to `until` at least. */
export function cycleFigures(rows: readonly CaseRow[], from: number, until: number): CycleFigures {
  const ended = emptyCases();
  let started = 0;
  let startedByEnd = 0;
  let endedByEnd = 0;
  for (const row of rows) {
    if (row.day > until) continue;
    startedByEnd += row.started;
    // A case aggregate's `started` counts the ended cases it holds.
    endedByEnd += row.aggregate.started;
    if (row.day < from) continue;
    started += row.started;
    mergeCases(ended, row.aggregate);
  }
  return {
    ended,
    started,
    workInProgress: startedByEnd - endedByEnd,
    throughputPerDay: ended.completed / (until - from + 1),
  };
}

/** The days rows span: from the window (when given) or from the first and last row. */
export function daySpan(
  rows: readonly CaseRow[],
  window: { readonly fromDay?: number; readonly untilDay?: number },
): { readonly from: number; readonly until: number } | undefined {
  if (rows.length === 0 && (window.fromDay === undefined || window.untilDay === undefined)) return undefined;
  const days = rows.map((r) => r.day);
  return {
    from: window.fromDay ?? Math.min(...days),
    until: window.untilDay ?? Math.max(...days),
  };
}
