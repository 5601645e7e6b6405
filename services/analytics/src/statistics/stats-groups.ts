import {
  handoffFromSnapshot,
  stepFromSnapshot,
  UNKNOWN_TEAM,
  type HandoffAggregate,
  type HandoffAggregateSnapshot,
  type StepAggregate,
  type StepAggregateSnapshot,
} from '@baton/analytics-core';
import { SnapshotSum } from './snapshot-sum';
import type { HandoffRow, StepRow } from './stats-rows';

/** How handoffs are grouped: per edge of a definition version, per team pair, per definition. */
export type HandoffGrouping = 'edge' | 'team-pair' | 'definition';

/** Handoff rows merged into one group. Empty strings where the group spans several values. */
export interface HandoffGroup {
  readonly definitionId: string;
  readonly definitionVersion?: number;
  /** The handoff (or exception path) id, for edges. */
  readonly handoffId: string;
  readonly fromStep: string;
  readonly toStep: string;
  readonly fromTeam: string;
  readonly toTeam: string;
  readonly aggregate: HandoffAggregate;
  /** The handoffs' total in the other clock (`otherClockMs` of the rows): the wait attribution. */
  readonly otherClockMs: number;
}

export interface StepGroup {
  readonly definitionId: string;
  readonly definitionVersion: number;
  readonly stepId: string;
  readonly teamId: string;
  readonly aggregate: StepAggregate;
}

/** Both teams known and different. */
export const crossTeam = (from: string, to: string): boolean =>
  from !== '' && to !== '' && from !== UNKNOWN_TEAM && to !== UNKNOWN_TEAM && from !== to;

/** The one value all rows share, or '' when they differ. */
const shared = (values: readonly string[]): string =>
  new Set(values).size === 1 ? (values[0] as string) : '';

const groupKey = (parts: readonly (string | number)[]): string => JSON.stringify(parts);

function grouped<R, G>(
  rows: readonly R[],
  keyOf: (row: R) => readonly (string | number)[],
  merge: (rows: R[]) => G,
) {
  const groups = new Map<string, R[]>();
  for (const row of rows) {
    const key = groupKey(keyOf(row));
    const list = groups.get(key);
    if (list) list.push(row);
    else groups.set(key, [row]);
  }
  return [...groups.entries()].map(([key, members]) => ({ key, group: merge(members) }));
}

/** Sorted by the time lost (descending), ties by group key: a stable order for paging. */
function byTimeLost<G>(entries: { key: string; group: G }[], timeLost: (group: G) => number): G[] {
  return entries
    .sort((a, b) => timeLost(b.group) - timeLost(a.group) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map((e) => e.group);
}

export function groupHandoffs(rows: readonly HandoffRow[], by: HandoffGrouping): HandoffGroup[] {
  const keyOf = (r: HandoffRow): (string | number)[] => {
    if (by === 'team-pair') return [r.fromTeam, r.toTeam];
    if (by === 'definition') return [r.definitionId];
    return [r.definitionId, r.definitionVersion, r.aggregate.from, r.aggregate.to, r.handoffId];
  };
  const entries = grouped(rows, keyOf, (members): HandoffGroup => {
    const first = members[0] as HandoffRow;
    const edge = by === 'edge';
    const sum = new SnapshotSum<HandoffAggregateSnapshot>();
    for (const m of members) sum.add(m.aggregate);
    const summed = sum.snapshot();
    const aggregate = handoffFromSnapshot({
      ...{},
      ...summed,
      from: edge ? first.aggregate.from : '',
      to: edge ? first.aggregate.to : '',
    });
    const definitionId = shared(members.map((m) => m.definitionId));
    const oneVersion = new Set(members.map((m) => m.definitionVersion)).size === 1;
    return {
      definitionId,
      ...(definitionId !== '' && oneVersion ? { definitionVersion: first.definitionVersion } : {}),
      handoffId: edge ? first.handoffId : '',
      fromStep: aggregate.from,
      toStep: aggregate.to,
      fromTeam: shared(members.map((m) => m.fromTeam)),
      toTeam: shared(members.map((m) => m.toTeam)),
      aggregate,
      otherClockMs: (summed as { otherClockMs?: number }).otherClockMs ?? 0,
    };
  });
  return byTimeLost(entries, (g) => g.aggregate.total.totalMs);
}

/** Per step of a definition version, by the time lost at it (activated → ended, summed). */
export function groupSteps(rows: readonly StepRow[]): StepGroup[] {
  const entries = grouped(
    rows,
    (r) => [r.definitionId, r.definitionVersion, r.aggregate.stepId],
    (members): StepGroup => {
      const first = members[0] as StepRow;
      const sum = new SnapshotSum<StepAggregateSnapshot>();
      for (const m of members) sum.add(m.aggregate);
      const aggregate = stepFromSnapshot({ ...{}, ...sum.snapshot(), stepId: first.aggregate.stepId });
      return {
        definitionId: first.definitionId,
        definitionVersion: first.definitionVersion,
        stepId: first.aggregate.stepId,
        teamId: shared(members.map((m) => m.teamId)),
        aggregate,
      };
    },
  );
  return byTimeLost(entries, (g) => g.aggregate.elapsed.totalMs);
}
