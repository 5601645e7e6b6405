import type { ReadModelReader, Row } from '../read-model-store/read-model-store.port';
import { planPeriods, type Bounds } from './periods';
import { STATS_VERSIONS, type RolledUp } from './rollup.tables';
import type { StatsScope } from './stats-scope';
import { definitionKeyOf, ownRows } from './tenant-rows';

const bounded = (b: Bounds) => ({
  ...{},
  ...(b.from !== undefined ? { from: b.from } : {}),
  ...(b.until !== undefined ? { until: b.until } : {}),
});

/**
 * The rows of a rolled-up table that sum to the scope's definition (version) over its window:
 * the all-time rows without a window; otherwise, per definition version with facts in the window,
 * its whole months and weeks from their rows and the days left over from the day rows
 * (periods.ts). Rows of several levels come together: the caller merges their aggregates and
 * ignores their period columns. Only the scope's tenant's rows, with definition ids as it names them.
 */
export async function periodRows(
  reader: ReadModelReader,
  rollup: RolledUp,
  scope: StatsScope,
  /** Only rows where one of these columns has its value (a team's rows), filtered by the database. */
  anyOf?: Row,
): Promise<Row[]> {
  const only = anyOf ? { anyOf } : {};
  const plan = planPeriods(scope);
  const key = definitionKeyOf(scope);
  const definition: Row = key !== undefined ? { definition_id: key } : {};
  if (plan === 'all-time') {
    const pinned = scope.definitionId !== undefined && scope.definitionVersion !== undefined;
    const where: Row = pinned
      ? { ...{}, ...definition, definition_version: scope.definitionVersion as number }
      : definition;
    return ownRows(await reader.range(rollup.totals, { where, ...only }), scope);
  }
  // Only the caller's tenant's versions: their rows are read by their own (scoped) keys below.
  const versions = (await reader.range(STATS_VERSIONS, { where: definition })).filter(
    (v) =>
      ownRows([v], scope).length > 0 &&
      (scope.definitionVersion === undefined || v['definition_version'] === scope.definitionVersion) &&
      (scope.untilDay === undefined || (v['first_day'] as number) <= scope.untilDay) &&
      (scope.fromDay === undefined || (v['last_day'] as number) >= scope.fromDay),
  );
  const reads = versions.flatMap((v) => {
    const where = {
      definition_id: v['definition_id'] as string,
      definition_version: v['definition_version'] as number,
    };
    return [
      ...(plan.months ? [reader.range(rollup.months, { where, ...bounded(plan.months), ...only })] : []),
      ...plan.weeks.map((weeks) => reader.range(rollup.weeks, { where, ...bounded(weeks), ...only })),
      ...plan.days.map((days) => reader.range(rollup.days, { where, ...bounded(days), ...only })),
    ];
  });
  return ownRows((await Promise.all(reads)).flat(), scope);
}
