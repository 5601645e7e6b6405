import type { DurationSketchSnapshot } from '@baton/analytics-core';
import type { ReadModelReader } from '../read-model-store/read-model-store.port';
import { periodRows } from './period-rows';
import { HANDOVER_ROLLUP, PERFORMER_ROLLUP } from './rollup.tables';
import { TEAM_QUEUE_DAYS } from './statistics.tables';
import type { StatsScope } from './stats-scope';
import { ownRows } from './tenant-rows';

/** A row of one definition version; of a day, a month or all time (the caller sums them). */
interface VersionRow {
  readonly definitionId: string;
  readonly definitionVersion: number;
}

interface VersionDay extends VersionRow {
  readonly day: number;
}

export interface HandoverRow extends VersionRow {
  readonly fromPerson: string;
  readonly toPerson: string;
  readonly fromTeam: string;
  readonly toTeam: string;
  /** As stored: summed as data (snapshot-sum.ts). */
  readonly total: DurationSketchSnapshot;
}

export interface PerformerRow extends VersionRow {
  readonly stepId: string;
  readonly teamId: string;
  /** '' when the events name nobody. */
  readonly personId: string;
  readonly completed: number;
  readonly failed: number;
}

export interface QueueRow extends VersionDay {
  readonly teamId: string;
  readonly arrivals: number;
  readonly completed: number;
  readonly failed: number;
  readonly cancelled: number;
  readonly busyMs: number;
}

const versionRow = (row: Record<string, unknown>): VersionRow => ({
  definitionId: row['definition_id'] as string,
  definitionVersion: row['definition_version'] as number,
});

const versionDay = (row: Record<string, unknown>): VersionDay => ({
  ...{},
  ...versionRow(row),
  day: row['day'] as number,
});

/** Handovers between people in scope; with a team, those into or out of it. */
export async function handoverRows(reader: ReadModelReader, scope: StatsScope): Promise<HandoverRow[]> {
  const { teamId } = scope;
  const team = teamId !== undefined ? { from_team: teamId, to_team: teamId } : undefined;
  return (await periodRows(reader, HANDOVER_ROLLUP, scope, team)).map((row) => ({
    ...{},
    ...versionRow(row),
    fromPerson: row['from_person'] as string,
    toPerson: row['to_person'] as string,
    fromTeam: row['from_team'] as string,
    toTeam: row['to_team'] as string,
    total: JSON.parse(row['total'] as string) as DurationSketchSnapshot,
  }));
}

/** Ended activations per performer in scope; with a team, that team's steps. */
export async function performerRows(reader: ReadModelReader, scope: StatsScope): Promise<PerformerRow[]> {
  const team = scope.teamId !== undefined ? { team_id: scope.teamId } : undefined;
  return (await periodRows(reader, PERFORMER_ROLLUP, scope, team)).map((row) => ({
    ...{},
    ...versionRow(row),
    stepId: row['step_id'] as string,
    teamId: row['team_id'] as string,
    personId: row['person_id'] as string,
    completed: row['completed'] as number,
    failed: row['failed'] as number,
  }));
}

/** Queue rows of every day up to the window's end (work in progress needs them), of the scope's definitions and team. */
export async function queueRows(reader: ReadModelReader, scope: StatsScope): Promise<QueueRow[]> {
  const rows = await reader.range(TEAM_QUEUE_DAYS, {
    where: scope.teamId !== undefined ? { team_id: scope.teamId } : {},
    ...(scope.teamId !== undefined && scope.untilDay !== undefined ? { until: scope.untilDay } : {}),
  });
  // A team id is unique within a tenant: rows of another tenant's namesake are dropped here.
  return ownRows(rows, scope)
    .map((row) => ({
      ...{},
      ...versionDay(row),
      teamId: row['team_id'] as string,
      arrivals: row['arrivals'] as number,
      completed: row['completed'] as number,
      failed: row['failed'] as number,
      cancelled: row['cancelled'] as number,
      busyMs: row['busy_ms'] as number,
    }))
    .filter(
      (r) =>
        (scope.definitionId === undefined || r.definitionId === scope.definitionId) &&
        (scope.definitionVersion === undefined || r.definitionVersion === scope.definitionVersion) &&
        (scope.untilDay === undefined || r.day <= scope.untilDay),
    );
}
