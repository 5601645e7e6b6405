import {
  casesFromSnapshot,
  type CaseAggregate,
  type HandoffAggregateSnapshot,
  type StepAggregateSnapshot,
} from '@baton/analytics-core';
import type { ReadModelReader, Row, TableSpec } from '../read-model-store/read-model-store.port';
import { periodRows } from './period-rows';
import { tablesOf } from './business.tables';
import type { StatsScope } from './stats-scope';
import { definitionKeyOf, ownRows } from './tenant-rows';

/** A row of one definition version; of a day, a month or all time (the caller merges them). */
interface VersionRow {
  readonly definitionId: string;
  readonly definitionVersion: number;
}

export interface HandoffRow extends VersionRow {
  readonly handoffId: string;
  readonly fromTeam: string;
  readonly toTeam: string;
  /** As stored: summed as data (snapshot-sum.ts), restored once per group. */
  readonly aggregate: HandoffAggregateSnapshot;
}

export interface StepRow extends VersionRow {
  readonly teamId: string;
  readonly aggregate: StepAggregateSnapshot;
}

export interface CaseRow extends VersionRow {
  readonly day: number;
  readonly started: number;
  readonly aggregate: CaseAggregate;
}

/**
 * Rows of the scope's definition (version) whose day is within `days` (all days when absent), of
 * the scope's tenant only, with definition ids as it names them.
 */
export async function rowsIn(
  reader: ReadModelReader,
  table: TableSpec,
  scope: StatsScope,
  days: { readonly from?: number; readonly until?: number },
): Promise<Row[]> {
  const where: Record<string, string | number> = {};
  const key = definitionKeyOf(scope);
  if (key !== undefined) where['definition_id'] = key;
  const pinned = scope.definitionId !== undefined && scope.definitionVersion !== undefined;
  if (pinned) where['definition_version'] = scope.definitionVersion as number;
  const rows = await reader.range(table, {
    where,
    // Days are the next key column only when the version is pinned; otherwise filtered here.
    ...(pinned && days.from !== undefined ? { from: days.from } : {}),
    ...(pinned && days.until !== undefined ? { until: days.until } : {}),
  });
  return ownRows(rows, scope).filter((row) => {
    const day = row['day'] as number;
    return (days.from === undefined || day >= days.from) && (days.until === undefined || day <= days.until);
  });
}

const versionRow = (row: Row): VersionRow => ({
  definitionId: row['definition_id'] as string,
  definitionVersion: row['definition_version'] as number,
});

const parsed = (row: Row) => JSON.parse(row['aggregate'] as string);

/** Handoffs in scope (in the scope's clock); with a team, those into or out of it. */
export async function handoffRows(reader: ReadModelReader, scope: StatsScope): Promise<HandoffRow[]> {
  const { teamId } = scope;
  const team = teamId !== undefined ? { from_team: teamId, to_team: teamId } : undefined;
  return (await periodRows(reader, tablesOf(scope.clock).handoffs, scope, team)).map((row) => ({
    ...{},
    ...versionRow(row),
    handoffId: row['handoff_id'] as string,
    fromTeam: row['from_team'] as string,
    toTeam: row['to_team'] as string,
    aggregate: parsed(row) as HandoffAggregateSnapshot,
  }));
}

/** Step activations in scope; with a team, that team's. */
export async function stepRows(reader: ReadModelReader, scope: StatsScope): Promise<StepRow[]> {
  const team = scope.teamId !== undefined ? { team_id: scope.teamId } : undefined;
  return (await periodRows(reader, tablesOf(scope.clock).steps, scope, team)).map((row) => ({
    ...{},
    ...versionRow(row),
    teamId: row['team_id'] as string,
    aggregate: parsed(row) as StepAggregateSnapshot,
  }));
}

/** Case rows of the scope's definitions, of every day up to the window's end (work in progress needs them). */
export async function caseRows(reader: ReadModelReader, scope: StatsScope): Promise<CaseRow[]> {
  const rows = await rowsIn(reader, tablesOf(scope.clock).cases, scope, { until: scope.untilDay });
  return rows.map((row) => ({
    ...{},
    ...versionRow(row),
    day: row['day'] as number,
    started: row['started'] as number,
    aggregate: casesFromSnapshot(parsed(row)),
  }));
}
