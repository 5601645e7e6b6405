import {
  checkInstanceEvents,
  handoffSlaMissed,
  instanceTimings,
  type ActivationTiming,
  type ClosedHandoff,
  type FieldViolation,
  type HandoffTiming,
  type instance,
  type ProcessDefinition,
} from '@baton/domain';
import type {
  CaseObservation,
  CaseRef,
  HandoffObservation,
  InstanceObservations,
  ObserveOptions,
  StepObservation,
} from './observation.types';
import { foldOwnership, performerOf, type OwnershipFacts } from './ownership-facts';

export type ObserveResult =
  | { readonly ok: true; readonly observations: InstanceObservations }
  | { readonly ok: false; readonly violations: readonly FieldViolation[] };

/**
 * Turns one instance's events (stream order) into analytics observations: one per closed handoff
 * edge, one per ended step activation, and the case. Pure and deterministic: nothing is measured
 * up to "now", so open work yields no observation. Inconsistent streams (see the domain's
 * `checkInstanceEvents`) and streams without InstanceStarted yield their violations, not numbers.
 */
export function observeInstance(
  events: readonly instance.InstanceEvent[],
  options: ObserveOptions = {},
): ObserveResult {
  const started = events.find((e): e is instance.InstanceStarted => e.type === 'InstanceStarted');
  const violations = checkInstanceEvents(events);
  if (!started) {
    violations.push({ field: 'events', reason: 'NO_INSTANCE_START', description: 'has no InstanceStarted' });
  }
  if (!started || violations.length > 0) return { ok: false, violations };

  const ref: CaseRef = {
    instanceId: started.data.instanceId,
    definitionId: started.data.definitionId,
    definitionVersion: started.data.definitionVersion,
  };
  const timings = instanceTimings(events, options.teamOfStep ? { teamOfStep: options.teamOfStep } : {});
  const ownership = foldOwnership(events);
  const activations = new Map(timings.activations.map((a) => [a.activationId, a]));
  const sourcesOf = new Map<string, number>();
  for (const h of timings.handoffs)
    sourcesOf.set(h.toActivationId, (sourcesOf.get(h.toActivationId) ?? 0) + 1);

  const { handoffsInto, stepsOf } = options.only ?? {};
  const handoffs = timings.handoffs
    .filter((h): h is ClosedHandoff => !h.open && (!handoffsInto || handoffsInto.has(h.toActivationId)))
    .map((h) =>
      handoffObservation(ref, h, ownership, options, {
        join: (sourcesOf.get(h.toActivationId) ?? 0) > 1,
        rework:
          (activations.get(h.toActivationId)?.attempt ?? 1) > 1 ||
          (h.fromActivationId !== undefined && activations.get(h.fromActivationId)?.status === 'failed'),
        bounce: bouncesBack(h, timings.handoffs),
      }),
    );
  const steps = timings.activations.flatMap((a) =>
    stepsOf && !stepsOf.has(a.activationId) ? [] : stepObservation(ref, a, ownership.get(a.activationId)),
  );
  const { status, endedAt, durationMs } = timings.endToEnd;
  const caseObservation: CaseObservation = {
    instanceId: ref.instanceId,
    definitionId: ref.definitionId,
    definitionVersion: ref.definitionVersion,
    status,
    startedAt: started.at,
    ...(endedAt !== undefined ? { endedAt } : {}),
    ...(durationMs !== undefined ? { durationMs } : {}),
  };
  return { ok: true, observations: { case: caseObservation, handoffs, steps } };
}

/** A→B returns the work to the team that handed it to A (X→A, then A→B into X again; see HandoffObservation.bounce). */
function bouncesBack(h: ClosedHandoff, all: readonly HandoffTiming[]): boolean {
  const { fromTeamId: via, toTeamId: back } = h;
  if (h.fromActivationId === undefined || via === undefined || back === undefined || via === back)
    return false;
  return all.some((into) => into.toActivationId === h.fromActivationId && into.fromTeamId === back);
}

function handoffObservation(
  ref: CaseRef,
  h: ClosedHandoff,
  facts: ReadonlyMap<string, OwnershipFacts>,
  options: ObserveOptions,
  shape: { readonly join: boolean; readonly rework: boolean; readonly bounce: boolean },
): HandoffObservation {
  const ownership = facts.get(h.toActivationId);
  const fromPersonId =
    h.fromActivationId !== undefined ? performerOf(facts.get(h.fromActivationId)) : undefined;
  const toPersonId = performerOf(ownership);
  // The last assignment before the start splits the wait: "until the owner who took it" and "that owner's pickup".
  const last = ownership?.lastAssigned;
  const usable = last !== undefined && last.at >= h.activatedAt && last.at <= h.startedAt;
  const ownedAt = usable ? last.at : h.activatedAt;
  const slaMs = h.slaWithinMs ?? options.handoffSlaMs?.(h.handoffId);
  // The ref's fields one by one: a literal that starts with a spread adds every later property
  // through a slow path on Node 20 (about 0.6 µs each; docs/adr/0017).
  return {
    instanceId: ref.instanceId,
    definitionId: ref.definitionId,
    definitionVersion: ref.definitionVersion,
    handoffId: h.handoffId,
    fromStepId: h.fromStepId,
    ...(h.fromActivationId !== undefined ? { fromActivationId: h.fromActivationId } : {}),
    ...(h.fromTeamId !== undefined ? { fromTeamId: h.fromTeamId } : {}),
    toStepId: h.toStepId,
    toActivationId: h.toActivationId,
    ...(h.toTeamId !== undefined ? { toTeamId: h.toTeamId } : {}),
    crossTeam: h.crossTeam,
    join: shape.join,
    critical: h.critical,
    rework: shape.rework,
    completedAt: h.completedAt,
    activatedAt: h.activatedAt,
    ...(usable ? { assignedAt: last.at, assigneeId: last.personId } : {}),
    ...(fromPersonId !== undefined ? { fromPersonId } : {}),
    ...(toPersonId !== undefined ? { toPersonId } : {}),
    startedAt: h.startedAt,
    routingMs: h.routingMs,
    assignmentMs: ownedAt - h.activatedAt,
    pickupMs: h.startedAt - ownedAt,
    totalMs: h.totalMs,
    reassignments: ownership?.reassignments ?? 0,
    bounce: shape.bounce,
    ...(slaMs !== undefined
      ? { slaMs, slaBreached: handoffSlaMissed({ withinMs: slaMs }, h.completedAt, h.startedAt) }
      : {}),
  };
}

function stepObservation(
  ref: CaseRef,
  a: ActivationTiming,
  ownership: OwnershipFacts | undefined,
): StepObservation[] {
  if ((a.status !== 'completed' && a.status !== 'failed') || a.startedAt === undefined) return [];
  if (a.endedAt === undefined || a.workMs === undefined || a.pickupMs === undefined) return [];
  const assigneeId = ownership?.lastAssigned?.personId ?? a.assigneeId;
  const performerId = performerOf(ownership) ?? assigneeId;
  // Split as for the handoffs into it: at the last assignment before the start.
  const last = ownership?.lastAssigned;
  const ownedAt =
    last !== undefined && last.at >= a.activatedAt && last.at <= a.startedAt ? last.at : a.activatedAt;
  return [
    {
      instanceId: ref.instanceId,
      definitionId: ref.definitionId,
      definitionVersion: ref.definitionVersion,
      stepId: a.stepId,
      activationId: a.activationId,
      attempt: a.attempt,
      ...(a.teamId !== undefined ? { teamId: a.teamId } : {}),
      status: a.status,
      ...(a.status === 'failed' ? { failure: ownership?.failure ?? 'failed' } : {}),
      activatedAt: a.activatedAt,
      startedAt: a.startedAt,
      endedAt: a.endedAt,
      pickupMs: a.pickupMs,
      assignmentMs: ownedAt - a.activatedAt,
      assignedPickupMs: a.startedAt - ownedAt,
      workMs: a.workMs,
      elapsedMs: a.endedAt - a.activatedAt,
      ...(assigneeId !== undefined ? { assigneeId } : {}),
      ...(performerId !== undefined ? { performerId } : {}),
      reassignments: ownership?.reassignments ?? 0,
      ...(a.dueAt !== undefined ? { dueAt: a.dueAt } : {}),
      ...(ownership?.overdueAt !== undefined ? { overdueAt: ownership.overdueAt } : {}),
      overdue: a.overdue,
      slaBreached: a.slaBreached,
      lateMs: a.dueAt !== undefined ? Math.max(0, a.endedAt - a.dueAt) : 0,
      escalationLevel: a.escalationLevel,
      escalations: ownership?.escalations ?? 0,
    },
  ];
}

/** The team owning each step by design (a team owner), for `ObserveOptions.teamOfStep`. */
export function teamOfStepIn(definition: ProcessDefinition): (stepId: string) => string | undefined {
  const teams = new Map<string, string>();
  for (const step of definition.steps) if (step.owner?.kind === 'team') teams.set(step.id, step.owner.teamId);
  return (stepId) => teams.get(stepId);
}
