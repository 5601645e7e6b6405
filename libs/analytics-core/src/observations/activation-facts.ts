import type { instance, Millis } from '@baton/domain';
import type { ActivationEnd, BreachTrailEntry } from './sla-breaches';

/** What a breach record needs of one activation, folded in stream order. */
export interface ActivationFacts {
  readonly activated: instance.StepActivated;
  assignedTeamId?: string;
  owner?: string;
  assigneeAtDue?: string;
  assignments: number;
  overdueAt?: Millis;
  startedAt?: Millis;
  ended?: { readonly at: Millis; readonly end: ActivationEnd };
  escalationLevel: number;
  readonly trail: BreachTrailEntry[];
  /** Where each trail entry's event is in the stream (its index), to merge other entries in order. */
  readonly positions: number[];
}

/** Per activation: its activation, team, owners, start and end, and its ownership and deadline trail. */
export function foldActivations(events: readonly instance.InstanceEvent[]): Map<string, ActivationFacts> {
  const facts = new Map<string, ActivationFacts>();
  const open = (activationId: string): ActivationFacts | undefined => {
    const f = facts.get(activationId);
    return f && !f.ended ? f : undefined;
  };
  const assign = (f: ActivationFacts, at: Millis, personId: string): void => {
    f.assignments += 1;
    f.owner = personId;
    const dueAt = f.activated.data.dueAt;
    if (dueAt !== undefined && at <= dueAt) f.assigneeAtDue = personId;
  };
  const end = (activationId: string, at: Millis, how: ActivationEnd): void => {
    const f = open(activationId);
    if (f) f.ended = { at, end: how };
  };
  let position = 0;
  const note = (f: ActivationFacts, entry: BreachTrailEntry): void => {
    f.trail.push(entry);
    f.positions.push(position);
  };
  for (const [i, e] of events.entries()) {
    position = i;
    switch (e.type) {
      case 'StepActivated':
        facts.set(e.data.activationId, {
          activated: e,
          assignments: 0,
          escalationLevel: 0,
          trail: [],
          positions: [],
        });
        break;
      case 'StepAssigned': {
        const f = open(e.data.activationId);
        if (!f) break;
        if (f.assignedTeamId === undefined && e.data.teamId !== undefined) f.assignedTeamId = e.data.teamId;
        note(f, { kind: 'assigned', at: e.at, toPersonId: e.data.personId, reason: e.data.reason });
        assign(f, e.at, e.data.personId);
        break;
      }
      case 'StepReassigned': {
        const f = open(e.data.activationId);
        if (!f) break;
        const from = e.data.fromPersonId ?? f.owner;
        note(f, {
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
        note(f, { kind: 'overdue', at: e.at });
        break;
      }
      case 'StepEscalated': {
        const f = open(e.data.activationId);
        if (!f) break;
        const { level, action, to, toPersonId, reason } = e.data;
        const reassigns = action === 'reassign' && toPersonId !== undefined;
        note(f, {
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
      case 'StepStarted': {
        const f = open(e.data.activationId);
        if (f) f.startedAt ??= e.at;
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
