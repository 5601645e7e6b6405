import type { analyticsV1 } from '@baton/contracts';
import type { Clock } from './business.tables';
import { durationOf } from './duration-stats.mapper';
import type { HandoffGroup } from './stats-groups';

/**
 * A handoff group's wait attribution, as `baton analyze --business-hours` gives it for a log
 * (libs/event-log's waitAttribution): the working-hours part is the group's total in business
 * time (business time counts exactly the working minutes of each handoff), the off-hours part the
 * elapsed total minus that. Each clock's rows keep the other clock's total beside their own
 * (`otherClockMs`), so one clock's rows give both.
 */
export function waitAttributionOf(
  group: HandoffGroup,
  clock: Clock | undefined,
): analyticsV1.WaitAttribution {
  const own = group.aggregate.total.totalMs;
  const [elapsed, working] = clock === 'business' ? [group.otherClockMs, own] : [own, group.otherClockMs];
  // Never more than the elapsed time.
  const workingMs = Math.min(elapsed, working);
  const offHoursMs = elapsed - workingMs;
  return {
    workingTime: durationOf(workingMs),
    offHoursTime: durationOf(offHoursMs),
    offHoursShare: elapsed > 0 ? offHoursMs / elapsed : 0,
  };
}
