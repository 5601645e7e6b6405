import type { ReadModelStore, RangeQuery, TableSpec } from '../read-model-store/read-model-store.port';
import { firstDayOf, firstDayOfWeek } from '../statistics/periods';
import { ROLLUPS, type RolledUp } from '../statistics/rollup.tables';

/**
 * The store as if it had no rollups: a read of week or month rows reads the day rows of those
 * weeks or months, a read of all-time rows every day row; the queries then merge day rows only.
 * What they answer through it is the reference the rolled-up rows must equal.
 */
export function dayRowsOnly(store: ReadModelStore): ReadModelStore {
  /** The rolled-up table's family and the first day of one of its periods (none: all time). */
  const level = (table: TableSpec): { r: RolledUp; first?: (period: number) => number } | undefined => {
    const r = ROLLUPS.find((x) => [x.weeks, x.months, x.totals].includes(table));
    if (!r) return undefined;
    return table === r.weeks
      ? { r, first: firstDayOfWeek }
      : table === r.months
        ? { r, first: firstDayOf }
        : { r };
  };
  return {
    get: (table, key) => store.get(table, key),
    async range(table: TableSpec, query: RangeQuery) {
      const found = level(table);
      if (!found) return store.range(table, query);
      const { after: _after, from, until, ...rest } = query;
      const first = found.first;
      if (!first) return store.range(found.r.days, rest);
      return store.range(found.r.days, {
        ...rest,
        ...(from !== undefined ? { from: first(from as number) } : {}),
        ...(until !== undefined ? { until: first((until as number) + 1) - 1 } : {}),
      });
    },
    ensureTables: (tables) => store.ensureTables(tables),
    write: (work, lane) => store.write(work, lane),
    startRebuild: (tables) => store.startRebuild(tables),
    close: () => store.close(),
  };
}
