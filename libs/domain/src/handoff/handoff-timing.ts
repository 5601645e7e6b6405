import type { HandoffSource } from '../instance/events';
import { handoffSlaMissed } from './sla';
import { teamOfActivation } from './team';
import type { ActivationFacts, Timeline } from './timeline';
import type { HandoffTiming, TeamOfStep } from './types';

/**
 * One record per incoming edge of an activation (one per `handedOffFrom` entry). The split is
 * anchored on four instants, A completed ≤ B activated ≤ B assigned ≤ B started (guaranteed by
 * `foldTimeline`), so every part is ≥ 0 and routing + assignment + pickup = total exactly (times
 * are integers). B started without an assignment: assignment = 0, pickup = started − activated.
 */
export function handoffsInto(
  to: ActivationFacts,
  timeline: Timeline,
  teamOfStep: TeamOfStep | undefined,
): HandoffTiming[] {
  const sources = to.activated.data.handedOffFrom;
  const critical = criticalIndex(sources);
  const toTeamId = teamOfActivation(to, teamOfStep);
  const activatedAt = to.activated.at;
  return sources.map((source, i) => {
    const from =
      source.fromActivationId !== undefined ? timeline.activations.get(source.fromActivationId) : undefined;
    const fromTeamId = from ? teamOfActivation(from, teamOfStep) : teamOfStep?.(source.fromStepId);
    const base = {
      handoffId: source.handoffId,
      fromStepId: source.fromStepId,
      ...(source.fromActivationId !== undefined ? { fromActivationId: source.fromActivationId } : {}),
      ...(fromTeamId !== undefined ? { fromTeamId } : {}),
      toStepId: to.activated.data.stepId,
      toActivationId: to.activated.data.activationId,
      ...(toTeamId !== undefined ? { toTeamId } : {}),
      crossTeam: fromTeamId !== undefined && toTeamId !== undefined && fromTeamId !== toTeamId,
      critical: i === critical,
      completedAt: source.completedAt,
      activatedAt,
      ...(to.assignedAt !== undefined ? { assignedAt: to.assignedAt } : {}),
      routingMs: activatedAt - source.completedAt,
      ...(source.slaWithinMs !== undefined ? { slaWithinMs: source.slaWithinMs } : {}),
    };
    if (to.startedAt === undefined) {
      return {
        ...{},
        ...base,
        open: true,
        ...(to.assignedAt !== undefined ? { assignmentMs: to.assignedAt - activatedAt } : {}),
        ...(to.end?.kind === 'cancelled' ? { cancelledAt: to.end.at } : {}),
      };
    }
    const ownedAt = to.assignedAt ?? activatedAt;
    return {
      ...{},
      ...base,
      open: false,
      startedAt: to.startedAt,
      startedWithoutAssignment: to.assignedAt === undefined,
      startInferred: to.startInferred,
      assignmentMs: ownedAt - activatedAt,
      pickupMs: to.startedAt - ownedAt,
      totalMs: to.startedAt - source.completedAt,
      ...(source.slaWithinMs !== undefined
        ? { slaMissed: handoffSlaMissed({ withinMs: source.slaWithinMs }, source.completedAt, to.startedAt) }
        : {}),
    };
  });
}

/** The last arrival: latest completedAt; on a tie the one listed last (recorded last). */
function criticalIndex(sources: readonly HandoffSource[]): number {
  let best = -1;
  sources.forEach((s, i) => {
    const current = sources[best];
    if (!current || s.completedAt >= current.completedAt) best = i;
  });
  return best;
}
