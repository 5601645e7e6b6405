import { teamOfActivation } from './team';
import type { ActivationFacts } from './timeline';
import type { ActivationStatus, ActivationTiming, TeamOfStep } from './types';

/** Per-activation cycle times. `foldTimeline` guarantees activated ≤ assigned ≤ started ≤ ended. */
export function activationTiming(f: ActivationFacts, teamOfStep: TeamOfStep | undefined): ActivationTiming {
  const { activationId, stepId, attempt, dueAt } = f.activated.data;
  const { assignedAt, startedAt, end } = f;
  const activatedAt = f.activated.at;
  const teamId = teamOfActivation(f, teamOfStep);
  // Started without an assignment: nobody was waited for (the starter claimed it).
  const waitedForOwnerMs =
    assignedAt !== undefined ? assignedAt - activatedAt : startedAt !== undefined ? 0 : undefined;
  const workedUntil = end && end.kind !== 'cancelled' ? end.at : undefined;
  const endedLate = dueAt !== undefined && end !== undefined && end.at > dueAt;
  return {
    activationId,
    stepId,
    attempt,
    ...(teamId !== undefined ? { teamId } : {}),
    status: status(f),
    activatedAt,
    ...(assignedAt !== undefined ? { assignedAt, assigneeId: f.assigneeId } : {}),
    ...(startedAt !== undefined ? { startedAt } : {}),
    startInferred: f.startInferred,
    ...(end ? { endedAt: end.at } : {}),
    ...(dueAt !== undefined ? { dueAt } : {}),
    ...(waitedForOwnerMs !== undefined ? { waitedForOwnerMs } : {}),
    ...(startedAt !== undefined ? { pickupMs: startedAt - activatedAt } : {}),
    ...(startedAt !== undefined && workedUntil !== undefined ? { workMs: workedUntil - startedAt } : {}),
    overdue: f.overdueRecorded || endedLate,
    slaBreached: endedLate && end?.kind === 'completed',
    reassignments: f.reassignments,
    escalationLevel: f.escalationLevel,
  };
}

function status(f: ActivationFacts): ActivationStatus {
  if (f.end) return f.end.kind;
  if (f.startedAt !== undefined) return 'started';
  return f.assignedAt !== undefined ? 'assigned' : 'activated';
}
