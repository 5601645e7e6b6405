import type { Row, TableSpec } from '../read-model-store/read-model-store.port';
import { utcMonth } from './periods';
import { STATS_VERSIONS, type RolledUp } from './rollup.tables';

/** A day row's key at each level it is summed at: its day, its month, all time. */
export function levelsOf(rollup: RolledUp, key: Row): readonly (readonly [TableSpec, Row])[] {
  const { day, ...rest } = key;
  return [
    [rollup.days, key],
    [rollup.months, { ...rest, month: utcMonth(day as number) }],
    [rollup.totals, rest],
  ];
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
        ...key,
        first_day: Math.min(first, Number(held?.['first_day'] ?? first)),
        last_day: Math.max(last, Number(held?.['last_day'] ?? last)),
      }),
    }));
  }
}
