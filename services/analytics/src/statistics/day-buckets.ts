import {
  addCase,
  addHandoffTo,
  addStepTo,
  casesFromSnapshot,
  casesSnapshot,
  emptyCases,
  emptyHandoff,
  emptyStep,
  handoffSnapshot,
  mergeCases,
  mergeHandoff,
  mergeStep,
  stepSnapshot,
  UNKNOWN_TEAM,
  type CaseAggregate,
  type CaseRef,
  type HandoffAggregate,
  type HandoffAggregateSnapshot,
  type StepAggregate,
  type StepAggregateSnapshot,
} from '@baton/analytics-core';
import type { Row, TableSpec } from '../read-model-store/read-model-store.port';
import type { NewFacts } from './instance-progress';
import { CALENDAR_CLOCK, type ClockTables } from './business.tables';
import { otherClockMsOf } from './business-clock';
import { VersionSpans, withRollups } from './rollups';
import { parsedSnapshots } from './parsed-snapshots';
import { SnapshotSum } from './snapshot-sum';

const DAY_MS = 86_400_000;

/** Days since the epoch (UTC) of an instant. */
export const utcDay = (ms: number): number => Math.floor(ms / DAY_MS);

/** The first instant of a UTC day. */
export const dayStart = (day: number): number => day * DAY_MS;

/** One row's worth: its key columns and what to merge into its aggregate. */
interface Bucket<A> {
  readonly table: TableSpec;
  readonly key: Row;
  readonly aggregate: A;
  started: number;
  /** Handoffs: their total in the other clock (see business-clock.ts' `otherClockMs`). */
  other: number;
}

/**
 * A batch's facts summed per row before they touch the database: one read and one write per row
 * and batch, however many observations fall into it. Handoffs and steps are summed per day, month
 * and all time (rollup.tables.ts: the days, then each touched day merged into its month and all
 * time), and each version's span of days is widened.
 */
export class DayBuckets {
  private readonly handoffs = new Map<string, Bucket<HandoffAggregate>>();
  private readonly steps = new Map<string, Bucket<StepAggregate>>();
  private readonly cases = new Map<string, Bucket<CaseAggregate>>();
  private readonly spans = new VersionSpans();

  /**
   * `tables`: the clock's summaries (the calendar clock's by default). Only the calendar clock
   * widens the versions' spans: the business clock's facts fall on the same days.
   */
  constructor(private readonly tables: ClockTables = CALENDAR_CLOCK) {}

  private span(definitionId: string, definitionVersion: number, day: number): void {
    if (this.tables === CALENDAR_CLOCK) this.spans.add(definitionId, definitionVersion, day);
  }

  add(facts: NewFacts): void {
    const { handoffs, steps, cases } = this.tables;
    for (const h of facts.handoffs) {
      const day = utcDay(h.startedAt);
      const fromTeam = h.fromTeamId ?? UNKNOWN_TEAM;
      const toTeam = h.toTeamId ?? UNKNOWN_TEAM;
      const id = idOf(h, day, h.fromStepId, h.toStepId, h.handoffId, fromTeam, toTeam);
      const key = () => ({
        ...{},
        ...versionOf(h),
        day,
        from_step: h.fromStepId,
        to_step: h.toStepId,
        handoff_id: h.handoffId,
        from_team: fromTeam,
        to_team: toTeam,
      });
      const found = bucket(this.handoffs, handoffs.days, id, key, () =>
        emptyHandoff(h.fromStepId, h.toStepId),
      );
      addHandoffTo(found.aggregate, h);
      found.other += otherClockMsOf(h);
      this.span(h.definitionId, h.definitionVersion, day);
    }
    for (const s of facts.steps) {
      const day = utcDay(s.endedAt);
      const team = s.teamId ?? UNKNOWN_TEAM;
      const key = () => ({ ...{}, ...versionOf(s), day, step_id: s.stepId, team_id: team });
      const id = idOf(s, day, s.stepId, team);
      addStepTo(bucket(this.steps, steps.days, id, key, () => emptyStep(s.stepId)).aggregate, s);
      this.span(s.definitionId, s.definitionVersion, day);
    }
    if (facts.started) {
      const day = utcDay(facts.started.at);
      const started = facts.started;
      bucket(
        this.cases,
        cases,
        idOf(started, day),
        () => ({ ...{}, ...versionOf(started), day }),
        emptyCases,
      ).started += 1;
    }
    const ended = facts.ended;
    if (ended?.endedAt !== undefined) {
      const day = utcDay(ended.endedAt);
      addCase(
        bucket(this.cases, cases, idOf(ended, day), () => ({ ...{}, ...versionOf(ended), day }), emptyCases)
          .aggregate,
        ended,
      );
    }
  }

  /** Day rows summed so far. */
  size(): number {
    return this.handoffs.size + this.steps.size + this.cases.size;
  }

  /** Each touched row: its table, key, and the row merged with what it held (`undefined`: a new row). */
  rows(): {
    readonly table: TableSpec;
    readonly key: Row;
    readonly merged: (held: Row | undefined) => Row;
  }[] {
    const days = <A>(map: Map<string, Bucket<A>>) =>
      [...map.values()].map((b) => ({ key: b.key, value: b.aggregate }));
    const handoffs = withRollups(
      [...this.handoffs.values()].map((b) => ({
        key: b.key,
        value: { aggregate: b.aggregate, other: b.other },
      })),
      this.tables.handoffs,
      (a) => ({ aggregate: emptyHandoff(a.aggregate.from, a.aggregate.to), other: 0 }),
      (into, from) => {
        mergeHandoff(into.aggregate, from.aggregate);
        into.other += from.other;
      },
    );
    const steps = withRollups(days(this.steps), this.tables.steps, (a) => emptyStep(a.stepId), mergeStep);
    return [
      ...handoffs.map(({ table, key, value }) => ({
        table,
        key,
        merged: (held: Row | undefined) => {
          // Summed as data (the held row is not restored); the batch's snapshot first, so the
          // fields keep one order and the row is canonical.
          const sum = new SnapshotSum<HandoffAggregateSnapshot>().add({
            ...{},
            ...handoffSnapshot(value.aggregate),
            otherClockMs: value.other,
          } as HandoffAggregateSnapshot);
          if (held) sum.add(parsedSnapshots.parse<HandoffAggregateSnapshot>(held['aggregate'] as string));
          return { ...{}, ...key, aggregate: parsedSnapshots.stringify(sum.snapshot()) };
        },
      })),
      ...steps.map(({ table, key, value }) => ({
        table,
        key,
        merged: (held: Row | undefined) => {
          const sum = new SnapshotSum<StepAggregateSnapshot>().add(stepSnapshot(value));
          if (held) sum.add(parsedSnapshots.parse<StepAggregateSnapshot>(held['aggregate'] as string));
          return { ...{}, ...key, aggregate: parsedSnapshots.stringify(sum.snapshot()) };
        },
      })),
      ...[...this.cases.values()].map((b) => ({
        table: b.table,
        key: b.key,
        merged: (held: Row | undefined) => {
          const sum = emptyCases();
          if (held) mergeCases(sum, casesFromSnapshot(JSON.parse(held['aggregate'] as string)));
          mergeCases(sum, b.aggregate);
          const started = Number(held?.['started'] ?? 0) + b.started;
          return { ...{}, ...b.key, started, aggregate: JSON.stringify(casesSnapshot(sum)) };
        },
      })),
      ...this.spans.rows(),
    ];
  }
}

const versionOf = (ref: Pick<CaseRef, 'definitionId' | 'definitionVersion'>) => ({
  definition_id: ref.definitionId,
  definition_version: ref.definitionVersion,
});

/**
 * A row's identity in a map of one table: its definition version and the other key values. Built
 * per fact, so a plain string: the key object is made only for a new row.
 */
export const idOf = (
  ref: Pick<CaseRef, 'definitionId' | 'definitionVersion'>,
  ...rest: readonly (string | number)[]
): string => `${ref.definitionId}\u0000${ref.definitionVersion}\u0000${rest.join('\u0000')}`;

function bucket<A>(
  map: Map<string, Bucket<A>>,
  table: TableSpec,
  id: string,
  key: () => Row,
  create: () => A,
): Bucket<A> {
  let found = map.get(id);
  if (!found) map.set(id, (found = { table, key: key(), aggregate: create(), started: 0, other: 0 }));
  return found;
}
