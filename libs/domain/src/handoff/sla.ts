import type { HandoffSla } from '../definition/model';
import type { Millis } from '../shared/data';

/**
 * Handoff SLA rules (docs/analytics-handoffs.md): the SLA bounds a handoff's total, from the
 * upstream completion A to the target's start B. Breached when B starts strictly after the
 * deadline (total > SLA, so starting exactly at it meets the SLA); at risk from the at-risk
 * threshold until then. Pure: `now` is always given.
 */

/** When a handoff's SLA clock turns: both absolute (epoch ms). */
export interface HandoffSlaDeadlines {
  /** The upstream completion (the instance start for a handoff from `start`). */
  readonly since: Millis;
  /** since + ⌊SLA × percent / 100⌋, so since ≤ atRiskAt < dueAt; absent without a threshold. */
  readonly atRiskAt?: Millis;
  /** since + SLA. */
  readonly dueAt: Millis;
}

export type HandoffSlaStatus = 'on-track' | 'at-risk' | 'breached';

/** The alerts a waiting handoff records, in this order, each at most once. */
export type HandoffAlert = 'at-risk' | 'breached';

export function handoffSlaDeadlines(sla: HandoffSla, since: Millis): HandoffSlaDeadlines {
  const percent = sla.atRiskPercent;
  return {
    since,
    ...(percent !== undefined ? { atRiskAt: since + Math.floor((sla.withinMs * percent) / 100) } : {}),
    dueAt: since + sla.withinMs,
  };
}

/**
 * Where a handoff whose target has not started stands at `now`: breached once past the
 * deadline, at risk from its threshold, else on track. Monotone in `now`.
 */
export function handoffSlaStatus(deadlines: HandoffSlaDeadlines, now: Millis): HandoffSlaStatus {
  if (now > deadlines.dueAt) return 'breached';
  if (deadlines.atRiskAt !== undefined && now >= deadlines.atRiskAt) return 'at-risk';
  return 'on-track';
}

/** Whether a handoff whose target started at `startedAt` missed its SLA: total > SLA. */
export function handoffSlaMissed(sla: HandoffSla, since: Millis, startedAt: Millis): boolean {
  return startedAt - since > sla.withinMs;
}

/**
 * The alert to record now for a handoff still waiting, given the last one recorded: at risk once,
 * and only before the deadline (past it, the news is the breach); breached once. A handoff
 * whose target started never gets here: closed handoffs record nothing.
 */
export function dueHandoffAlert(
  deadlines: HandoffSlaDeadlines,
  now: Millis,
  recorded: HandoffAlert | undefined,
): HandoffAlert | undefined {
  const status = handoffSlaStatus(deadlines, now);
  if (status === 'breached') return recorded === 'breached' ? undefined : 'breached';
  if (status === 'at-risk' && recorded === undefined) return 'at-risk';
  return undefined;
}

/** The first instant at which {@link dueHandoffAlert} yields an alert; undefined once breached. */
export function nextHandoffAlertAt(
  deadlines: HandoffSlaDeadlines,
  recorded: HandoffAlert | undefined,
): Millis | undefined {
  if (recorded === 'breached') return undefined;
  if (recorded === undefined && deadlines.atRiskAt !== undefined) return deadlines.atRiskAt;
  return deadlines.dueAt + 1;
}
