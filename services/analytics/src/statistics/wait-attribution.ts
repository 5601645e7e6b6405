import type { analyticsV1 } from '@baton/contracts';
import { durationOf } from './duration-stats.mapper';
import type { HandoffGroup, HandoffGrouping } from './stats-groups';

/** A group's identity under a grouping: the same group in the other clock has the same one. */
function identityOf(group: HandoffGroup, by: HandoffGrouping): string {
  if (by === 'team-pair') return JSON.stringify([group.fromTeam, group.toTeam]);
  if (by === 'definition') return JSON.stringify([group.definitionId]);
  return JSON.stringify([
    group.definitionId,
    group.definitionVersion,
    group.fromStep,
    group.toStep,
    group.handoffId,
  ]);
}

/**
 * Each handoff group's wait attribution, as `baton analyze --business-hours` gives it for a log
 * (libs/event-log's waitAttribution): the working-hours part is the group's total in business
 * time (business time counts exactly the working minutes of each handoff), the off-hours part
 * the elapsed total minus that. Both clocks hold the same traversals, so the groups match.
 */
export function waitAttributionOf(
  elapsed: readonly HandoffGroup[],
  business: readonly HandoffGroup[],
  by: HandoffGrouping,
): (group: HandoffGroup) => analyticsV1.WaitAttribution {
  const totals = (groups: readonly HandoffGroup[]) =>
    new Map(groups.map((g) => [identityOf(g, by), g.aggregate.total.totalMs]));
  const elapsedMs = totals(elapsed);
  const workingMs = totals(business);
  return (group) => {
    const id = identityOf(group, by);
    const total = elapsedMs.get(id) ?? 0;
    // Never more than the elapsed time.
    const working = Math.min(total, workingMs.get(id) ?? 0);
    const offHours = total - working;
    return {
      workingTime: durationOf(working),
      offHoursTime: durationOf(offHours),
      offHoursShare: total > 0 ? offHours / total : 0,
    };
  };
}
