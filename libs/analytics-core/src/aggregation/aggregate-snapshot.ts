import { DurationSketch, type DurationSketchSnapshot } from '../sketch/duration-sketch';
import type { CaseAggregate, HandoffAggregate, SlaCounts, StepAggregate } from './aggregate.types';

/** Aggregates as plain data (JSON-safe), e.g. to keep them in a read model; canonical like the sketches. */
export interface HandoffAggregateSnapshot {
  readonly from: string;
  readonly to: string;
  readonly routing: DurationSketchSnapshot;
  readonly assignment: DurationSketchSnapshot;
  readonly pickup: DurationSketchSnapshot;
  readonly total: DurationSketchSnapshot;
  readonly sla: SlaCounts;
  /** Absent in snapshots taken before it was kept: read as 0. */
  readonly overrunMs?: number;
  readonly reassignments: number;
  readonly joins: number;
  readonly rework: number;
  readonly crossTeam: number;
  readonly bounces?: number;
}

export interface StepAggregateSnapshot {
  readonly stepId: string;
  readonly pickup: DurationSketchSnapshot;
  readonly assignment: DurationSketchSnapshot;
  readonly assignedPickup: DurationSketchSnapshot;
  readonly work: DurationSketchSnapshot;
  readonly elapsed: DurationSketchSnapshot;
  readonly sla: SlaCounts;
  /** Absent in snapshots taken before it was kept: read as 0. */
  readonly overrunMs?: number;
  readonly failed: number;
  readonly rejected?: number;
  readonly rework: number;
  readonly overdue: number;
  readonly escalated: number;
  readonly reassignments: number;
}

export interface CaseAggregateSnapshot {
  readonly cycle: DurationSketchSnapshot;
  readonly started: number;
  readonly completed: number;
  readonly cancelled: number;
  readonly failed: number;
}

const restore = DurationSketch.fromSnapshot;

export const handoffSnapshot = (a: HandoffAggregate): HandoffAggregateSnapshot => ({
  ...{},
  ...a,
  routing: a.routing.snapshot(),
  assignment: a.assignment.snapshot(),
  pickup: a.pickup.snapshot(),
  total: a.total.snapshot(),
  sla: { ...a.sla },
});

export const handoffFromSnapshot = (s: HandoffAggregateSnapshot): HandoffAggregate => ({
  ...{},
  ...s,
  overrunMs: s.overrunMs ?? 0,
  bounces: s.bounces ?? 0,
  routing: restore(s.routing),
  assignment: restore(s.assignment),
  pickup: restore(s.pickup),
  total: restore(s.total),
  sla: { ...s.sla },
});

export const stepSnapshot = (a: StepAggregate): StepAggregateSnapshot => ({
  ...{},
  ...a,
  pickup: a.pickup.snapshot(),
  assignment: a.assignment.snapshot(),
  assignedPickup: a.assignedPickup.snapshot(),
  work: a.work.snapshot(),
  elapsed: a.elapsed.snapshot(),
  sla: { ...a.sla },
});

export const stepFromSnapshot = (s: StepAggregateSnapshot): StepAggregate => ({
  ...{},
  ...s,
  overrunMs: s.overrunMs ?? 0,
  rejected: s.rejected ?? 0,
  pickup: restore(s.pickup),
  assignment: restore(s.assignment),
  assignedPickup: restore(s.assignedPickup),
  work: restore(s.work),
  elapsed: restore(s.elapsed),
  sla: { ...s.sla },
});

export const casesSnapshot = (a: CaseAggregate): CaseAggregateSnapshot => ({
  ...{},
  ...a,
  cycle: a.cycle.snapshot(),
});

export const casesFromSnapshot = (s: CaseAggregateSnapshot): CaseAggregate => ({
  ...{},
  ...s,
  cycle: restore(s.cycle),
});
