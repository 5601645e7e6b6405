import type {
  CaseObservation,
  HandoffObservation,
  InstanceObservations,
  StepObservation,
} from '../observations/observation.types';
import { DurationSketch } from '../sketch/duration-sketch';
import type {
  AnalyticsAggregate,
  CaseAggregate,
  HandoffAggregate,
  SlaCounts,
  StepAggregate,
} from './aggregate.types';

/** Team of a handoff side that no event or definition names. */
export const UNKNOWN_TEAM = '(unknown)';

export const edgeKey = (from: string, to: string): string => `${from}→${to}`;

export const emptyCases = (): CaseAggregate => ({
  cycle: new DurationSketch(),
  started: 0,
  completed: 0,
  cancelled: 0,
  failed: 0,
});

export function emptyAggregate(): AnalyticsAggregate {
  return {
    edges: new Map(),
    teamPairs: new Map(),
    steps: new Map(),
    cases: emptyCases(),
  };
}

export const emptyHandoff = (from: string, to: string): HandoffAggregate => ({
  from,
  to,
  routing: new DurationSketch(),
  assignment: new DurationSketch(),
  pickup: new DurationSketch(),
  total: new DurationSketch(),
  sla: { withSla: 0, breaches: 0 },
  overrunMs: 0,
  reassignments: 0,
  joins: 0,
  rework: 0,
  crossTeam: 0,
  bounces: 0,
});

export const emptyStep = (stepId: string): StepAggregate => ({
  stepId,
  pickup: new DurationSketch(),
  assignment: new DurationSketch(),
  assignedPickup: new DurationSketch(),
  work: new DurationSketch(),
  elapsed: new DurationSketch(),
  sla: { withSla: 0, breaches: 0 },
  overrunMs: 0,
  failed: 0,
  rejected: 0,
  rework: 0,
  overdue: 0,
  escalated: 0,
  reassignments: 0,
});

function entry<V>(map: Map<string, V>, key: string, create: () => V): V {
  let value = map.get(key);
  if (value === undefined) map.set(key, (value = create()));
  return value;
}

/** Adds one instance's observations to `aggregate` (in place) and returns it. */
export function addObservations(aggregate: AnalyticsAggregate, o: InstanceObservations): AnalyticsAggregate {
  for (const h of o.handoffs) addHandoff(aggregate, h);
  for (const s of o.steps) addStep(aggregate, s);
  addCase(aggregate.cases, o.case);
  return aggregate;
}

export function addHandoff(aggregate: AnalyticsAggregate, h: HandoffObservation): void {
  const fromTeam = h.fromTeamId ?? UNKNOWN_TEAM;
  const toTeam = h.toTeamId ?? UNKNOWN_TEAM;
  addHandoffTo(
    entry(aggregate.edges, edgeKey(h.fromStepId, h.toStepId), () => emptyHandoff(h.fromStepId, h.toStepId)),
    h,
  );
  addHandoffTo(
    entry(aggregate.teamPairs, edgeKey(fromTeam, toTeam), () => emptyHandoff(fromTeam, toTeam)),
    h,
  );
}

/** Adds one handoff observation to one edge's or team pair's aggregate (in place). */
export function addHandoffTo(a: HandoffAggregate, h: HandoffObservation): void {
  a.routing.add(h.routingMs);
  a.assignment.add(h.assignmentMs);
  a.pickup.add(h.pickupMs);
  a.total.add(h.totalMs);
  countSla(a.sla, h.slaBreached);
  if (h.slaBreached && h.slaMs !== undefined) a.overrunMs += h.totalMs - h.slaMs;
  a.reassignments += h.reassignments;
  if (h.join) a.joins += 1;
  if (h.rework) a.rework += 1;
  if (h.crossTeam) a.crossTeam += 1;
  if (h.bounce) a.bounces += 1;
}

export function addStep(aggregate: AnalyticsAggregate, s: StepObservation): void {
  addStepTo(
    entry(aggregate.steps, s.stepId, () => emptyStep(s.stepId)),
    s,
  );
}

/** Adds one step observation to one step's aggregate (in place). */
export function addStepTo(a: StepAggregate, s: StepObservation): void {
  a.pickup.add(s.pickupMs);
  a.assignment.add(s.assignmentMs);
  a.assignedPickup.add(s.assignedPickupMs);
  a.work.add(s.workMs);
  a.elapsed.add(s.elapsedMs);
  // A step's SLA is its deadline: only completed activations with one can meet or breach it.
  if (s.dueAt !== undefined && s.status === 'completed') countSla(a.sla, s.slaBreached);
  if (s.slaBreached) a.overrunMs += s.lateMs;
  if (s.status === 'failed') a.failed += 1;
  if (s.failure === 'rejected') a.rejected += 1;
  if (s.attempt > 1) a.rework += 1;
  if (s.overdue) a.overdue += 1;
  if (s.escalations > 0) a.escalated += 1;
  a.reassignments += s.reassignments;
}

export function addCase(cases: CaseAggregate, c: CaseObservation): void {
  cases.started += 1;
  if (c.status === 'completed') {
    cases.completed += 1;
    if (c.durationMs !== undefined) cases.cycle.add(c.durationMs);
  }
  if (c.status === 'cancelled') cases.cancelled += 1;
  if (c.status === 'failed') cases.failed += 1;
}

function countSla(sla: SlaCounts, breached: boolean | undefined): void {
  if (breached === undefined) return;
  sla.withSla += 1;
  if (breached) sla.breaches += 1;
}

/** A new aggregate equal to aggregating the observations of both; neither argument changes. */
export function mergeAggregates(...aggregates: readonly AnalyticsAggregate[]): AnalyticsAggregate {
  const out = emptyAggregate();
  for (const a of aggregates) {
    for (const [key, h] of a.edges)
      mergeHandoff(
        entry(out.edges, key, () => emptyHandoff(h.from, h.to)),
        h,
      );
    for (const [key, h] of a.teamPairs)
      mergeHandoff(
        entry(out.teamPairs, key, () => emptyHandoff(h.from, h.to)),
        h,
      );
    for (const [key, s] of a.steps)
      mergeStep(
        entry(out.steps, key, () => emptyStep(s.stepId)),
        s,
      );
    mergeCases(out.cases, a.cases);
  }
  return out;
}

/** Adds `c` into `into` (in place); `c` does not change. */
export function mergeCases(into: CaseAggregate, c: CaseAggregate): void {
  into.cycle.merge(c.cycle);
  into.started += c.started;
  into.completed += c.completed;
  into.cancelled += c.cancelled;
  into.failed += c.failed;
}

/** Adds `h` into `into` (in place); `h` does not change. */
export function mergeHandoff(into: HandoffAggregate, h: HandoffAggregate): void {
  into.routing.merge(h.routing);
  into.assignment.merge(h.assignment);
  into.pickup.merge(h.pickup);
  into.total.merge(h.total);
  mergeSla(into.sla, h.sla);
  into.overrunMs += h.overrunMs;
  into.reassignments += h.reassignments;
  into.joins += h.joins;
  into.rework += h.rework;
  into.crossTeam += h.crossTeam;
  into.bounces += h.bounces;
}

/** Adds `s` into `into` (in place); `s` does not change. */
export function mergeStep(into: StepAggregate, s: StepAggregate): void {
  into.pickup.merge(s.pickup);
  into.assignment.merge(s.assignment);
  into.assignedPickup.merge(s.assignedPickup);
  into.work.merge(s.work);
  into.elapsed.merge(s.elapsed);
  mergeSla(into.sla, s.sla);
  into.overrunMs += s.overrunMs;
  into.failed += s.failed;
  into.rejected += s.rejected;
  into.rework += s.rework;
  into.overdue += s.overdue;
  into.escalated += s.escalated;
  into.reassignments += s.reassignments;
}

function mergeSla(into: SlaCounts, sla: SlaCounts): void {
  into.withSla += sla.withSla;
  into.breaches += sla.breaches;
}
