import type { TableSpec } from '../read-model-store/read-model-store.port';
import { HANDOFF_ROLLUP, rolledUp, STEP_ROLLUP, type RolledUp } from './rollup.tables';
import { CASE_DAYS, HANDOFF_DAYS, STEP_DAYS } from './statistics.tables';

/** Which clock a statistic is measured in: elapsed (calendar) time, or working (business) time. */
export type Clock = 'calendar' | 'business';

/** The same rows in business time: a table of the same shape, named `stats_business_…`. */
const inBusinessTime = (table: TableSpec): TableSpec => ({
  ...{},
  ...table,
  name: table.name.replace(/^stats_/, 'stats_business_'),
});

/**
 * The handoff, step and case summaries a clock's statistics are kept in. The business clock's
 * rows have the calendar clock's keys (the same UTC days, by when B started or the step or case
 * ended), so a window or a team selects the same facts in either clock.
 */
export interface ClockTables {
  readonly handoffs: RolledUp;
  readonly steps: RolledUp;
  readonly cases: TableSpec;
}

export const CALENDAR_CLOCK: ClockTables = { handoffs: HANDOFF_ROLLUP, steps: STEP_ROLLUP, cases: CASE_DAYS };

export const BUSINESS_CLOCK: ClockTables = {
  handoffs: rolledUp(inBusinessTime(HANDOFF_DAYS)),
  steps: rolledUp(inBusinessTime(STEP_DAYS)),
  cases: inBusinessTime(CASE_DAYS),
};

export const tablesOf = (clock: Clock | undefined): ClockTables =>
  clock === 'business' ? BUSINESS_CLOCK : CALENDAR_CLOCK;

/** The tables the business clock adds to the statistics projection's. */
export const BUSINESS_TABLES: readonly TableSpec[] = [
  ...[BUSINESS_CLOCK.handoffs, BUSINESS_CLOCK.steps].flatMap((r) => [r.days, r.weeks, r.months, r.totals]),
  BUSINESS_CLOCK.cases,
];
