import type { TableSpec } from '../read-model-store/read-model-store.port';
import { HANDOFF_DAYS, HANDOVER_DAYS, PERFORMER_DAYS, STEP_DAYS } from './statistics.tables';

/**
 * A day table and its rollups: the same rows summed per week (`week`: Monday-to-Sunday weeks since
 * the epoch's first Monday), per UTC month (`month`: months since January 1970) and over all time
 * (no period column). The projection writes them in the same transaction as the day rows, so a
 * query covers a window with whole months, then whole weeks, then days (periods.ts), or reads the
 * all-time rows when there is no window: O(months + 10 weeks + 24 days) rows, not O(days).
 */
export interface RolledUp {
  readonly days: TableSpec;
  readonly weeks: TableSpec;
  readonly months: TableSpec;
  readonly totals: TableSpec;
}

export function rolledUp(days: TableSpec): RolledUp {
  const base = days.name.replace(/_days$/, '');
  const { day: _day, ...rest } = days.columns;
  const per = (period: 'week' | 'month'): TableSpec => ({
    name: `${base}_${period}s`,
    columns: { ...{}, ...rest, [period]: 'integer' },
    primaryKey: days.primaryKey.map((c) => (c === 'day' ? period : c)),
  });
  return {
    days,
    weeks: per('week'),
    months: per('month'),
    totals: { name: `${base}_totals`, columns: rest, primaryKey: days.primaryKey.filter((c) => c !== 'day') },
  };
}

export const HANDOFF_ROLLUP = rolledUp(HANDOFF_DAYS);
export const STEP_ROLLUP = rolledUp(STEP_DAYS);
export const HANDOVER_ROLLUP = rolledUp(HANDOVER_DAYS);
export const PERFORMER_ROLLUP = rolledUp(PERFORMER_DAYS);

export const ROLLUPS: readonly RolledUp[] = [HANDOFF_ROLLUP, STEP_ROLLUP, HANDOVER_ROLLUP, PERFORMER_ROLLUP];

/**
 * The definition versions with statistics and the first and last UTC day any fact of theirs fell
 * on: a window without a pinned version reads each version's key range, and skips versions with
 * nothing in it, instead of scanning every row.
 */
export const STATS_VERSIONS: TableSpec = {
  name: 'stats_versions',
  columns: {
    definition_id: 'text',
    definition_version: 'integer',
    first_day: 'integer',
    last_day: 'integer',
  },
  primaryKey: ['definition_id', 'definition_version'],
};

/** The tables the rollups add to the statistics projection's. */
export const ROLLUP_TABLES: readonly TableSpec[] = [
  ...ROLLUPS.flatMap((r) => [r.weeks, r.months, r.totals]),
  STATS_VERSIONS,
];
