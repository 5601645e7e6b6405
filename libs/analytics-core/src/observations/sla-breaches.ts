import type { EscalationAction, instance, Millis, OwnerSpec } from '@baton/domain';
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

/**
 * A step activation that missed its deadline: a StepOverdue was recorded, or it ended after
 * `dueAt` (as `StepObservation.overdue`). Open until the activation ends.
 */
export interface SlaBreachRecord extends CaseRef {
  readonly businessKey: string;
  readonly stepId: string;
  readonly activationId: string;
  readonly attempt: number;
  /** The owner team, else the team of its first StepAssigned naming one. */
  readonly teamId?: string;
  readonly activatedAt: Millis;
  readonly dueAt: Millis;
  /** When StepOverdue was recorded. */
  readonly overdueAt?: Millis;
  /** Who had it when the deadline passed (the last assignment at or before `dueAt`). */
  readonly assigneeAtDue?: string;
  /** Who has it now, or had it when it ended. */
  readonly owner?: string;
  readonly endedAt?: Millis;
  readonly end?: ActivationEnd;
  readonly escalationLevel: number;
  /** Ownership changes after the first assignment. */
  readonly reassignments: number;
  readonly trail: readonly BreachTrailEntry[];
}

interface Facts {
  readonly activated: instance.StepActivated;
  assignedTeamId?: string;
  owner?: string;
  assigneeAtDue?: string;
  assignments: number;
  overdueAt?: Millis;
  ended?: { readonly at: Millis; readonly end: ActivationEnd };
  escalationLevel: number;
  readonly trail: BreachTrailEntry[];
}

/**
 * The SLA breaches among an instance's activations so far (stream order of activation). Pure:
 * the same events give the same records; each record depends only on its activation's events.
 */
export function slaBreachesOf(events: readonly instance.InstanceEvent[]): SlaBreachRecord[] {
  const started = events.find((e): e is instance.InstanceStarted => e.type === 'InstanceStarted');
  if (!started) return [];
  const facts = foldActivations(events);
  const ref = {
    instanceId: started.data.instanceId,
    definitionId: started.data.definitionId,
    definitionVersion: started.data.definitionVersion,
    businessKey: started.data.businessKey,
  };
  return [...facts.values()].flatMap((f): SlaBreachRecord[] => {
    const { dueAt, activationId, stepId, attempt, owner } = f.activated.data;
    if (dueAt === undefined) return [];
    if (f.overdueAt === undefined && !(f.ended !== undefined && f.ended.at > dueAt)) return [];
    const teamId = owner?.kind === 'team' ? owner.teamId : f.assignedTeamId;
    return [
      {
        ...ref,
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

function foldActivations(events: readonly instance.InstanceEvent[]): Map<string, Facts> {
  const facts = new Map<string, Facts>();
  const open = (activationId: string): Facts | undefined => {
    const f = facts.get(activationId);
    return f && !f.ended ? f : undefined;
  };
  const assign = (f: Facts, at: Millis, personId: string): void => {
    f.assignments += 1;
    f.owner = personId;
    const dueAt = f.activated.data.dueAt;
    if (dueAt !== undefined && at <= dueAt) f.assigneeAtDue = personId;
  };
  const end = (activationId: string, at: Millis, how: ActivationEnd): void => {
    const f = open(activationId);
    if (f) f.ended = { at, end: how };
  };
  for (const e of events) {
    switch (e.type) {
      case 'StepActivated':
        facts.set(e.data.activationId, { activated: e, assignments: 0, escalationLevel: 0, trail: [] });
        break;
      case 'StepAssigned': {
        const f = open(e.data.activationId);
        if (!f) break;
        if (f.assignedTeamId === undefined && e.data.teamId !== undefined) f.assignedTeamId = e.data.teamId;
        f.trail.push({ kind: 'assigned', at: e.at, toPersonId: e.data.personId, reason: e.data.reason });
        assign(f, e.at, e.data.personId);
        break;
      }
      case 'StepReassigned': {
        const f = open(e.data.activationId);
        if (!f) break;
        const from = e.data.fromPersonId ?? f.owner;
        f.trail.push({
          kind: 'reassigned',
          at: e.at,
          ...(from !== undefined ? { fromPersonId: from } : {}),
          toPersonId: e.data.toPersonId,
          reason: e.data.reason,
        });
        assign(f, e.at, e.data.toPersonId);
        break;
      }
      case 'StepOverdue': {
        const f = open(e.data.activationId);
        if (!f || f.overdueAt !== undefined) break;
        f.overdueAt = e.at;
        f.trail.push({ kind: 'overdue', at: e.at });
        break;
      }
      case 'StepEscalated': {
        const f = open(e.data.activationId);
        if (!f) break;
        const { level, action, to, toPersonId, reason } = e.data;
        const reassigns = action === 'reassign' && toPersonId !== undefined;
        f.trail.push({
          kind: 'escalated',
          at: e.at,
          level,
          action,
          to,
          ...(reassigns && f.owner !== undefined ? { fromPersonId: f.owner } : {}),
          ...(toPersonId !== undefined ? { toPersonId } : {}),
          reason,
        });
        f.escalationLevel = Math.max(f.escalationLevel, level);
        if (reassigns) assign(f, e.at, toPersonId);
        break;
      }
      case 'StepCompleted':
        end(e.data.activationId, e.at, 'completed');
        break;
      case 'StepFailed':
        end(e.data.activationId, e.at, e.data.kind);
        break;
      case 'InstanceCancelled':
      case 'InstanceFailed':
        for (const id of e.data.cancelledActivationIds) end(id, e.at, 'cancelled');
        break;
      default:
        break;
    }
  }
  return facts;
}
