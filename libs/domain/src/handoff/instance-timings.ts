import type { InstanceEvent } from '../instance/events';
import type { FieldViolation } from '../shared/errors';
import { ValidationError } from '../shared/errors';
import { activationTiming } from './activation-timing';
import { handoffsInto } from './handoff-timing';
import { foldTimeline, type Timeline } from './timeline';
import type { EndToEndTiming, InstanceTimingOptions, InstanceTimings } from './types';

export const HANDOFF_INCONSISTENT_EVENTS = 'HANDOFF.INCONSISTENT_EVENTS';

/**
 * Everything in one instance's events that would make a duration negative or ambiguous: times
 * that are not integer epoch ms, events out of order for their activation or instance, unknown
 * or duplicate activations, a second start or end, events of another instance. Empty = usable.
 */
export function checkInstanceEvents(events: readonly InstanceEvent[]): FieldViolation[] {
  return foldTimeline(events).violations;
}

/**
 * Cycle times of one instance: one record per handoff edge, one per activation, and end-to-end.
 * Deterministic (no clock: open parts stay open rather than being measured up to "now") and
 * never negative: inconsistent input is refused with a ValidationError
 * (`HANDOFF.INCONSISTENT_EVENTS`) listing every violation, instead of yielding numbers that
 * analytics and trace spans would silently average in. Use `checkInstanceEvents` to test first.
 */
export function instanceTimings(
  events: readonly InstanceEvent[],
  options: InstanceTimingOptions = {},
): InstanceTimings {
  const timeline = foldTimeline(events);
  const [first] = timeline.violations;
  if (first) {
    throw new ValidationError(
      HANDOFF_INCONSISTENT_EVENTS,
      `Cannot time the instance: ${first.field} ${first.description}` +
        (timeline.violations.length > 1 ? ` (and ${timeline.violations.length - 1} more).` : '.'),
      timeline.violations,
    );
  }
  const facts = [...timeline.activations.values()];
  return {
    ...{},
    ...(timeline.instanceId !== undefined ? { instanceId: timeline.instanceId } : {}),
    handoffs: facts.flatMap((f) => handoffsInto(f, timeline, options.teamOfStep)),
    activations: facts.map((f) => activationTiming(f, options.teamOfStep)),
    endToEnd: endToEnd(timeline),
  };
}

function endToEnd({ startedAt, end }: Timeline): EndToEndTiming {
  return {
    status: end?.kind ?? 'running',
    ...(startedAt !== undefined ? { startedAt } : {}),
    ...(end ? { endedAt: end.at } : {}),
    ...(startedAt !== undefined && end ? { durationMs: end.at - startedAt } : {}),
  };
}
