import { handoffBreachId, type SlaBreachRecord } from '@baton/analytics-core';
import type { instance } from '@baton/domain';

/** Stands for "any activation to come, or the instance's end": a breached handoff without its target yet. */
const ANY = '*';
const ENDINGS = new Set(['InstanceCompleted', 'InstanceCancelled', 'InstanceFailed']);

/**
 * What a breach record depends on besides the instance start: its activation (a step breach), or
 * its handoff and target (a handoff breach; any activation or the end while it has no target).
 * A record is rewritten when fresh events are about one of these.
 */
export function watchOf(b: SlaBreachRecord): string[] {
  if (!b.handoff) return [b.activationId];
  return [b.breachId, b.activationId || ANY];
}

/** The keys fresh events are about: activations (cancellations included), handoff alerts, and ANY. */
export function keysOf(fresh: readonly instance.InstanceEvent[]): Set<string> {
  const keys = new Set<string>();
  for (const e of fresh) {
    const data = e.data as { activationId?: string; cancelledActivationIds?: readonly string[] };
    if (data.activationId !== undefined) keys.add(data.activationId);
    for (const id of data.cancelledActivationIds ?? []) keys.add(id);
    if (e.type === 'HandoffAtRisk' || e.type === 'HandoffBreached') {
      keys.add(handoffBreachId(e.data));
      if (e.data.toActivationId !== undefined) keys.add(e.data.toActivationId);
    }
    if (e.type === 'StepActivated' || ENDINGS.has(e.type)) keys.add(ANY);
  }
  return keys;
}

/** Fresh events that make a new breach: a step went overdue, a handoff missed its SLA. */
export const breachStarts = (fresh: readonly instance.InstanceEvent[]): boolean =>
  fresh.some((e) => e.type === 'StepOverdue' || e.type === 'HandoffBreached');
