import type { DurationSketch } from '../sketch/duration-sketch';

/** Breaches among the observations that had an SLA. */
export interface SlaCounts {
  withSla: number;
  breaches: number;
}

/** Per handoff edge A→B (by step ids) or per team pair (by team ids). */
export interface HandoffAggregate {
  readonly from: string;
  readonly to: string;
  readonly routing: DurationSketch;
  readonly assignment: DurationSketch;
  readonly pickup: DurationSketch;
  /** Its sum is the time lost at this handoff. */
  readonly total: DurationSketch;
  readonly sla: SlaCounts;
  /** Sum of the time past the SLA over the breaching observations (total − SLA). */
  overrunMs: number;
  reassignments: number;
  /** Observations that were part of a join, a rework loop, or crossed teams. */
  joins: number;
  rework: number;
  crossTeam: number;
  /** Observations that sent the work back to the team it came from (see HandoffObservation.bounce). */
  bounces: number;
}

export interface StepAggregate {
  readonly stepId: string;
  readonly pickup: DurationSketch;
  /** activated → the last assignment before the start, and from there → started (pickup's two parts). */
  readonly assignment: DurationSketch;
  readonly assignedPickup: DurationSketch;
  readonly work: DurationSketch;
  /** activated → ended; its sum is the time lost at this step. */
  readonly elapsed: DurationSketch;
  readonly sla: SlaCounts;
  /** Sum of the time past the deadline over the activations that ended after it (lateMs). */
  overrunMs: number;
  /** Failed activations, rejections included. */
  failed: number;
  /** Of the failed ones, those rejected. */
  rejected: number;
  rework: number;
  overdue: number;
  escalated: number;
  reassignments: number;
}

export interface CaseAggregate {
  /** Completed cases only: end-to-end cycle time. */
  readonly cycle: DurationSketch;
  started: number;
  completed: number;
  cancelled: number;
  failed: number;
}

/**
 * Everything observed for one scope (one definition version, or any union of them: a time
 * window, a filter, a whole definition). Mergeable: merging the aggregates of two disjoint sets of
 * observations equals aggregating their union.
 */
export interface AnalyticsAggregate {
  /** Keyed by `edgeKey(from, to)`. */
  readonly edges: Map<string, HandoffAggregate>;
  readonly teamPairs: Map<string, HandoffAggregate>;
  readonly steps: Map<string, StepAggregate>;
  readonly cases: CaseAggregate;
}
