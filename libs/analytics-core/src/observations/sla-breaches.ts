import type { EscalationAction, instance, Millis, OwnerSpec } from '@baton/domain';
import { foldActivations, type ActivationFacts } from './activation-facts';
import { handoffBreachesOf } from './handoff-breaches';
import type { CaseRef } from './observation.types';

/** One ownership or deadline fact of a breached activation, in stream order. */
export type BreachTrailEntry =
  | { readonly kind: 'assigned'; readonly at: Millis; readonly toPersonId: string; readonly reason: string }
  | {
      readonly kind: 'reassigned';
      readonly at: Millis;
      readonly fromPersonId?: string;
      readonly toPersonId: string;
      readonly reason: string;
    }
  | { readonly kind: 'overdue'; readonly at: Millis }
  /** A handoff passed its at-risk threshold (HandoffAtRisk). */
  | { readonly kind: 'at-risk'; readonly at: Millis }
  | {
      readonly kind: 'escalated';
      readonly at: Millis;
      readonly level: number;
      readonly action: EscalationAction;
      readonly to: OwnerSpec;
      readonly fromPersonId?: string;
      readonly toPersonId?: string;
      readonly reason: string;
    };

export type ActivationEnd = 'completed' | 'failed' | 'rejected' | 'cancelled';

/** The handoff a handoff breach is about: one traversal of an edge A→B, and where it waited. */
export interface BreachedHandoff {
  readonly handoffId: string;
  readonly fromStepId: string;
  readonly fromActivationId?: string;
  /** Where the handoff waited when it was breached. */
  readonly stage: 'routing' | 'assignment' | 'pickup';
  /** The handoff's own owner, who chases the transition. */
  readonly transitionOwner?: OwnerSpec;
}

/**
 * A step activation that missed its deadline: a StepOverdue was recorded, or it ended after
 * `dueAt` (as `StepObservation.overdue`); open until the activation ends. Or a handoff A→B that
 * missed its SLA (a HandoffBreached was recorded); open until B starts, and B is the step.
 */
export interface SlaBreachRecord extends CaseRef {
  /** Unique in the instance: the activation, or `handoff:<id>:<from activation or start>><to step>`. */
  readonly breachId: string;
  /** Present for a handoff breach. */
  readonly handoff?: BreachedHandoff;
  readonly businessKey: string;
  readonly stepId: string;
  /** The activation ('' for a handoff breached while its target was not activated yet). */
  readonly activationId: string;
  readonly attempt: number;
  /** The owner team, else the team of its first StepAssigned naming one. */
  readonly teamId?: string;
  /** When the step was activated; for a handoff, when its clock started (A completed). */
  readonly activatedAt: Millis;
  readonly dueAt: Millis;
  /** When StepOverdue (or HandoffBreached) was recorded. */
  readonly overdueAt?: Millis;
  /** Who had it when the deadline passed (the last assignment at or before `dueAt`). */
  readonly assigneeAtDue?: string;
  /** Who has it now, or had it when it ended. */
  readonly owner?: string;
  /** When the activation ended; for a handoff, when B started (`completed`) or was cancelled. */
  readonly endedAt?: Millis;
  readonly end?: ActivationEnd;
  readonly escalationLevel: number;
  /** Ownership changes after the first assignment. */
  readonly reassignments: number;
  readonly trail: readonly BreachTrailEntry[];
}

/**
 * The SLA breaches among an instance's activations so far (stream order of activation). Pure:
 * the same events give the same records; each record depends only on its activation's events.
 */
export function slaBreachesOf(events: readonly instance.InstanceEvent[]): SlaBreachRecord[] {
  const started = events.find((e): e is instance.InstanceStarted => e.type === 'InstanceStarted');
  if (!started) return [];
  const facts = foldActivations(events);
  const ref: BreachRef = {
    instanceId: started.data.instanceId,
    definitionId: started.data.definitionId,
    definitionVersion: started.data.definitionVersion,
    businessKey: started.data.businessKey,
  };
  return [...stepBreaches(ref, facts), ...handoffBreachesOf(events, ref, facts)];
}

/** The instance a breach is in. */
export type BreachRef = CaseRef & { readonly businessKey: string };

function stepBreaches(ref: BreachRef, facts: ReadonlyMap<string, ActivationFacts>): SlaBreachRecord[] {
  return [...facts.values()].flatMap((f): SlaBreachRecord[] => {
    const { dueAt, activationId, stepId, attempt, owner } = f.activated.data;
    if (dueAt === undefined) return [];
    if (f.overdueAt === undefined && !(f.ended !== undefined && f.ended.at > dueAt)) return [];
    const teamId = owner?.kind === 'team' ? owner.teamId : f.assignedTeamId;
    return [
      {
        ...{},
        ...ref,
        breachId: activationId,
        stepId,
        activationId,
        attempt,
        ...(teamId !== undefined ? { teamId } : {}),
        activatedAt: f.activated.at,
        dueAt,
        ...(f.overdueAt !== undefined ? { overdueAt: f.overdueAt } : {}),
        ...(f.assigneeAtDue !== undefined ? { assigneeAtDue: f.assigneeAtDue } : {}),
        ...(f.owner !== undefined ? { owner: f.owner } : {}),
        ...(f.ended ? { endedAt: f.ended.at, end: f.ended.end } : {}),
        escalationLevel: f.escalationLevel,
        reassignments: Math.max(0, f.assignments - 1),
        trail: f.trail,
      },
    ];
  });
}
