import {
  addCase,
  addHandoffTo,
  addStepTo,
  casesFromSnapshot,
  casesSnapshot,
  emptyCases,
  emptyHandoff,
  emptyStep,
  handoffFromSnapshot,
  handoffSnapshot,
  mergeCases,
  mergeHandoff,
  mergeStep,
  stepFromSnapshot,
  stepSnapshot,
  UNKNOWN_TEAM,
  type CaseAggregate,
  type CaseRef,
  type HandoffAggregate,
  type StepAggregate,
} from '@baton/analytics-core';
import type { Row, TableSpec } from '../read-model-store/read-model-store.port';
import type { NewFacts } from './instance-progress';
import { CASE_DAYS, HANDOFF_DAYS, STEP_DAYS } from './statistics.tables';

const DAY_MS = 86_400_000;

/** Days since the epoch (UTC) of an instant. */
export const utcDay = (ms: number): number => Math.floor(ms / DAY_MS);

/** The first instant of a UTC day. */
export const dayStart = (day: number): number => day * DAY_MS;

/** One row's worth: its key columns and what to merge into its aggregate. */
interface Bucket<A> {
  readonly key: Row;
  readonly aggregate: A;
  started: number;
}

/**
 * A batch's facts summed per row before they touch the database: one read and one write per row
 * and batch, however many observations fall into it.
 */
export class DayBuckets {
  private readonly handoffs = new Map<string, Bucket<HandoffAggregate>>();
  private readonly steps = new Map<string, Bucket<StepAggregate>>();
  private readonly cases = new Map<string, Bucket<CaseAggregate>>();

  add(facts: NewFacts): void {
    for (const h of facts.handoffs) {
      const key = {
        ...versionOf(h),
        day: utcDay(h.startedAt),
        from_step: h.fromStepId,
        to_step: h.toStepId,
        handoff_id: h.handoffId,
        from_team: h.fromTeamId ?? UNKNOWN_TEAM,
        to_team: h.toTeamId ?? UNKNOWN_TEAM,
      };
      addHandoffTo(bucket(this.handoffs, key, () => emptyHandoff(h.fromStepId, h.toStepId)).aggregate, h);
    }
    for (const s of facts.steps) {
      const key = {
        ...versionOf(s),
        day: utcDay(s.endedAt),
        step_id: s.stepId,
        team_id: s.teamId ?? UNKNOWN_TEAM,
      };
      addStepTo(bucket(this.steps, key, () => emptyStep(s.stepId)).aggregate, s);
    }
    if (facts.started) {
      bucket(
        this.cases,
        { ...versionOf(facts.started), day: utcDay(facts.started.at) },
        emptyCases,
      ).started += 1;
    }
    const ended = facts.ended;
    if (ended?.endedAt !== undefined) {
      addCase(
        bucket(this.cases, { ...versionOf(ended), day: utcDay(ended.endedAt) }, emptyCases).aggregate,
        ended,
      );
    }
  }

  /** Each touched row: its table, key, and the row merged with what it held (`undefined`: a new row). */
  rows(): {
    readonly table: TableSpec;
    readonly key: Row;
    readonly merged: (held: Row | undefined) => Row;
  }[] {
    return [
      ...[...this.handoffs.values()].map((b) => ({
        table: HANDOFF_DAYS,
        key: b.key,
        merged: (held: Row | undefined) => {
          const sum = emptyHandoff(b.aggregate.from, b.aggregate.to);
          if (held) mergeHandoff(sum, handoffFromSnapshot(JSON.parse(held['aggregate'] as string)));
          mergeHandoff(sum, b.aggregate);
          return { ...b.key, aggregate: JSON.stringify(handoffSnapshot(sum)) };
        },
      })),
      ...[...this.steps.values()].map((b) => ({
        table: STEP_DAYS,
        key: b.key,
        merged: (held: Row | undefined) => {
          const sum = emptyStep(b.aggregate.stepId);
          if (held) mergeStep(sum, stepFromSnapshot(JSON.parse(held['aggregate'] as string)));
          mergeStep(sum, b.aggregate);
          return { ...b.key, aggregate: JSON.stringify(stepSnapshot(sum)) };
        },
      })),
      ...[...this.cases.values()].map((b) => ({
        table: CASE_DAYS,
        key: b.key,
        merged: (held: Row | undefined) => {
          const sum = emptyCases();
          if (held) mergeCases(sum, casesFromSnapshot(JSON.parse(held['aggregate'] as string)));
          mergeCases(sum, b.aggregate);
          const started = Number(held?.['started'] ?? 0) + b.started;
          return { ...b.key, started, aggregate: JSON.stringify(casesSnapshot(sum)) };
        },
      })),
    ];
  }
}

const versionOf = (ref: Pick<CaseRef, 'definitionId' | 'definitionVersion'>) => ({
  definition_id: ref.definitionId,
  definition_version: ref.definitionVersion,
});

function bucket<A>(map: Map<string, Bucket<A>>, key: Row, create: () => A): Bucket<A> {
  const id = JSON.stringify(key);
  let found = map.get(id);
  if (!found) map.set(id, (found = { key, aggregate: create(), started: 0 }));
  return found;
}
