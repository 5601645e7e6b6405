import type { ReadModelStore, RangeQuery, TableSpec } from '../read-model-store/read-model-store.port';
import { firstDayOf } from '../statistics/periods';
import {
  HANDOFF_ROLLUP,
  HANDOVER_ROLLUP,
  PERFORMER_ROLLUP,
  STEP_ROLLUP,
  type RolledUp,
} from '../statistics/rollup.tables';

const ROLLUPS: readonly RolledUp[] = [HANDOFF_ROLLUP, STEP_ROLLUP, HANDOVER_ROLLUP, PERFORMER_ROLLUP];

/**
 * The store as if it had no rollups: a read of month rows reads the day rows of those months, a
 * read of all-time rows every day row; the queries then merge day rows only, as before rollups.
 * What they answer through it is the reference the rollups must equal.
 */
export function dayRowsOnly(store: ReadModelStore): ReadModelStore {
  const level = (table: TableSpec) =>
    ROLLUPS.flatMap((r) =>
      r.months === table ? [{ r, months: true }] : r.totals === table ? [{ r, months: false }] : [],
    )[0];
  return {
    get: (table, key) => store.get(table, key),
    async range(table: TableSpec, query: RangeQuery) {
      const found = level(table);
      if (!found) return store.range(table, query);
      const { after: _after, from, until, ...rest } = query;
      if (!found.months) return store.range(found.r.days, rest);
      return store.range(found.r.days, {
        ...rest,
        ...(from !== undefined ? { from: firstDayOf(from as number) } : {}),
        ...(until !== undefined ? { until: firstDayOf((until as number) + 1) - 1 } : {}),
      });
    },
    ensureTables: (tables) => store.ensureTables(tables),
    write: (work) => store.write(work),
    startRebuild: (tables) => store.startRebuild(tables),
    close: () => store.close(),
  };
}
