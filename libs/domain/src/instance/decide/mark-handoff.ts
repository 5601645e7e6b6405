import type { ProcessDefinition } from '../../definition/model';
import { dueHandoffAlert, handoffSlaStatus } from '../../handoff/sla';
import { IllegalStateError } from '../../shared/errors';
import type { MarkHandoffAtRisk, MarkHandoffBreached } from '../commands';
import { invalid, InstanceErrorCode as C } from '../errors';
import type { InstanceEvent } from '../events';
import { handoffClockKey, openHandoffClocks, type HandoffClock } from '../handoff-clocks';
import type { InstanceState } from '../state';
import { eventOf } from './decision';
import { requireRunning } from './guards';

type MarkHandoff = MarkHandoffAtRisk | MarkHandoffBreached;

/**
 * The scheduler saw a waiting handoff's SLA turn. The decider holds it to the clock: the handoff
 * has an SLA, its target has not started, the threshold has passed at `now`, and the alert has
 * not been recorded. At risk is recorded only before the deadline (past it, the breach is the
 * news); a breach once. A handoff whose target started in time was closed: nothing to record.
 */
export function markHandoff(
  command: MarkHandoff,
  state: InstanceState,
  definition: ProcessDefinition,
): InstanceEvent[] {
  const running = requireRunning(state, definition);
  const { handoffId, toStepId } = command.data;
  const handoff = definition.handoffs.find((h) => h.id === handoffId);
  if (!handoff?.sla) {
    throw invalid(C.handoffNoSla, `Definition ${definition.id} has no handoff ${handoffId} with an SLA`, [
      { field: 'handoffId', description: 'must name a handoff that declares sla', reason: 'NOT_FOUND' },
    ]);
  }
  const key = handoffClockKey(command.data);
  const clock = openHandoffClocks(running, definition, command.metadata.calendars).find((c) => c.key === key);
  if (!clock) {
    throw new IllegalStateError(
      C.handoffNotWaiting,
      `Handoff ${key} is not waiting: ${toStepId} started or ended, the route was not taken, or the instance moved on`,
      { currentState: 'closed', allowed: [], handoffId, toStepId },
    );
  }
  const now = command.metadata.now;
  const { atRiskAt, dueAt } = clock.deadlines;
  const at = (ms: number) => new Date(ms).toISOString();
  if (command.type === 'MarkHandoffAtRisk') {
    if (atRiskAt === undefined) {
      throw invalid(C.handoffNoAtRiskThreshold, `Handoff ${handoffId} has no at-risk threshold`, [
        { field: 'handoffId', description: 'its sla has no atRisk', reason: 'FAILED_PRECONDITION' },
      ]);
    }
    if (clock.recorded !== undefined) {
      const code = clock.recorded === 'breached' ? C.handoffAlreadyBreached : C.handoffAlreadyAtRisk;
      throw refused(clock, now, code, `is already ${clock.recorded}`);
    }
    const status = handoffSlaStatus(clock.deadlines, now);
    if (status === 'on-track')
      throw refused(clock, now, C.handoffNotAtRiskYet, `is at risk from ${at(atRiskAt)}`);
    if (status === 'breached')
      throw refused(clock, now, C.handoffPastDue, `passed its deadline ${at(dueAt)}`);
    return [eventOf(command.metadata, 'HandoffAtRisk', { ...{}, ...clock.data, atRiskAt })];
  }
  if (clock.recorded === 'breached')
    throw refused(clock, now, C.handoffAlreadyBreached, 'is already breached');
  if (handoffSlaStatus(clock.deadlines, now) !== 'breached') {
    throw refused(clock, now, C.handoffNotDueYet, `is breached only after ${at(dueAt)}`);
  }
  return [eventOf(command.metadata, 'HandoffBreached', clock.data)];
}

function refused(clock: HandoffClock, now: number, code: string, problem: string): IllegalStateError {
  const due = dueHandoffAlert(clock.deadlines, now, clock.recorded);
  const allowed =
    due === 'at-risk' ? ['MarkHandoffAtRisk'] : due === 'breached' ? ['MarkHandoffBreached'] : [];
  return new IllegalStateError(code, `Handoff ${clock.key} ${problem}`, {
    currentState: clock.data.stage,
    allowed,
    handoffId: clock.data.handoffId,
    toStepId: clock.data.toStepId,
    ...(clock.deadlines.atRiskAt !== undefined ? { atRiskAt: clock.deadlines.atRiskAt } : {}),
    dueAt: clock.deadlines.dueAt,
  });
}
