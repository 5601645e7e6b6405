import type { ActivationFacts } from './timeline';
import type { TeamOfStep } from './types';

/**
 * The team an activation belongs to, first match wins:
 * 1. its owner, when the owner is a team (the designed owner, stable across reassignments);
 * 2. the team named by its first StepAssigned that names one (who took it on; StepReassigned
 *    names no team, so it cannot move the step to another team);
 * 3. the caller's `teamOfStep(stepId)` (e.g. from the definition or the directory);
 * 4. none.
 */
export function teamOfActivation(
  facts: ActivationFacts,
  teamOfStep: TeamOfStep | undefined,
): string | undefined {
  const { owner, stepId } = facts.activated.data;
  if (owner?.kind === 'team') return owner.teamId;
  return facts.assignedTeamId ?? teamOfStep?.(stepId);
}
