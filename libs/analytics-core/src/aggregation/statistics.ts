import type { DurationSummary } from '../sketch/duration-sketch';
import type { AnalyticsAggregate, HandoffAggregate, SlaCounts, StepAggregate } from './aggregate.types';

export interface HandoffStats {
  readonly from: string;
  readonly to: string;
  readonly count: number;
  readonly routing: DurationSummary;
  readonly assignment: DurationSummary;
  readonly pickup: DurationSummary;
  readonly total: DurationSummary;
  /** Sum of total handoff times. */
  readonly timeLostMs: number;
  /** breaches / observations with an SLA; null when none had one. */
  readonly slaBreachRate: number | null;
  readonly slaBreaches: number;
  /** Sum of total − SLA over the breaches. */
  readonly overrunMs: number;
  readonly reassignments: number;
  readonly joins: number;
  readonly rework: number;
  readonly crossTeam: number;
  readonly bounces: number;
}

export interface StepStats {
  readonly stepId: string;
  readonly count: number;
  readonly pickup: DurationSummary;
  readonly assignment: DurationSummary;
  readonly assignedPickup: DurationSummary;
  readonly work: DurationSummary;
  readonly elapsed: DurationSummary;
  /** Sum of activated → ended. */
  readonly timeLostMs: number;
  readonly slaBreachRate: number | null;
  readonly slaBreaches: number;
  /** Sum of the time past the deadline over the late completions. */
  readonly overrunMs: number;
  /** Failed activations, rejections included, and of those the rejected. */
  readonly failed: number;
  readonly rejected: number;
  readonly rework: number;
  readonly overdue: number;
  readonly escalated: number;
  readonly reassignments: number;
}

export interface AnalyticsStats {
  readonly cases: {
    readonly started: number;
    readonly completed: number;
    readonly cancelled: number;
    readonly failed: number;
    readonly cycle: DurationSummary;
  };
  /** Sorted by (from, to) so output is deterministic. */
  readonly edges: readonly HandoffStats[];
  readonly teamPairs: readonly HandoffStats[];
  readonly steps: readonly StepStats[];
}

const rate = (sla: SlaCounts): number | null => (sla.withSla === 0 ? null : sla.breaches / sla.withSla);

export function handoffStats(a: HandoffAggregate): HandoffStats {
  return {
    from: a.from,
    to: a.to,
    count: a.total.count,
    routing: a.routing.summary(),
    assignment: a.assignment.summary(),
    pickup: a.pickup.summary(),
    total: a.total.summary(),
    timeLostMs: a.total.totalMs,
    slaBreachRate: rate(a.sla),
    slaBreaches: a.sla.breaches,
    overrunMs: a.overrunMs,
    reassignments: a.reassignments,
    joins: a.joins,
    rework: a.rework,
    crossTeam: a.crossTeam,
    bounces: a.bounces,
  };
}

export function stepStats(a: StepAggregate): StepStats {
  return {
    stepId: a.stepId,
    count: a.elapsed.count,
    pickup: a.pickup.summary(),
    assignment: a.assignment.summary(),
    assignedPickup: a.assignedPickup.summary(),
    work: a.work.summary(),
    elapsed: a.elapsed.summary(),
    timeLostMs: a.elapsed.totalMs,
    slaBreachRate: rate(a.sla),
    slaBreaches: a.sla.breaches,
    overrunMs: a.overrunMs,
    failed: a.failed,
    rejected: a.rejected,
    rework: a.rework,
    overdue: a.overdue,
    escalated: a.escalated,
    reassignments: a.reassignments,
  };
}

const byKey = <T>(map: Map<string, T>): T[] =>
  [...map.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => v);

export function analyticsStats(a: AnalyticsAggregate): AnalyticsStats {
  const { started, completed, cancelled, failed, cycle } = a.cases;
  return {
    cases: { started, completed, cancelled, failed, cycle: cycle.summary() },
    edges: byKey(a.edges).map(handoffStats),
    teamPairs: byKey(a.teamPairs).map(handoffStats),
    steps: byKey(a.steps).map(stepStats),
  };
}
