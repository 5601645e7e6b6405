import type { Row, TableSpec } from '../read-model-store/read-model-store.port';
import { utcMonth, utcWeek } from './periods';
import { STATS_VERSIONS, type RolledUp } from './rollup.tables';

/** A day row's key at each level it is summed at: its day, its week, its month, all time. */
export function levelsOf(rollup: RolledUp, key: Row): readonly (readonly [TableSpec, Row])[] {
  const { day, ...rest } = key;
  return [
    [rollup.days, key],
    [rollup.weeks, { ...{}, ...rest, week: utcWeek(day as number) }],
    [rollup.months, { ...{}, ...rest, month: utcMonth(day as number) }],
    [rollup.totals, rest],
  ];
}

/**
 * Day sums and, merged from them, their weeks', months' and all-time sums: a fact is added once,
 * to its day, and a batch merges each touched day into its week, month and all time.
 */
export function withRollups<A>(
  days: Iterable<{ readonly key: Row; readonly value: A }>,
  rollup: RolledUp,
  empty: (like: A) => A,
  merge: (into: A, from: A) => void,
): { readonly table: TableSpec; readonly key: Row; readonly value: A }[] {
  const all: { table: TableSpec; key: Row; value: A }[] = [];
  const above = new Map<string, { table: TableSpec; key: Row; value: A }>();
  for (const day of days) {
    all.push({ table: rollup.days, key: day.key, value: day.value });
    for (const [table, key] of levelsOf(rollup, day.key).slice(1)) {
      const id = JSON.stringify([table.name, key]);
      let sum = above.get(id);
      if (!sum) above.set(id, (sum = { table, key, value: empty(day.value) }));
      merge(sum.value, day.value);
    }
  }
  return [...all, ...above.values()];
}

/** The first and last day of the facts of each definition version in a batch. */
export class VersionSpans {
  private readonly spans = new Map<string, { key: Row; first: number; last: number }>();

  add(definitionId: string, definitionVersion: number, day: number): void {
    const id = `${definitionVersion}\u0000${definitionId}`;
    const span = this.spans.get(id);
    if (!span) {
      const key = { definition_id: definitionId, definition_version: definitionVersion };
      this.spans.set(id, { key, first: day, last: day });
    } else {
      span.first = Math.min(span.first, day);
      span.last = Math.max(span.last, day);
    }
  }

  /** Each touched version's row, widened by what it held. */
  rows(): {
    readonly table: TableSpec;
    readonly key: Row;
    readonly merged: (held: Row | undefined) => Row;
  }[] {
    return [...this.spans.values()].map(({ key, first, last }) => ({
      table: STATS_VERSIONS,
      key,
      merged: (held) => ({
        ...{},
        ...key,
        first_day: Math.min(first, Number(held?.['first_day'] ?? first)),
        last_day: Math.max(last, Number(held?.['last_day'] ?? last)),
      }),
    }));
  }
}
