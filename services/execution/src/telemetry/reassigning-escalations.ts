import type { instance, Millis } from '@baton/domain';

/** Escalations held at most; the oldest go first (their work started long ago, or never will). */
const HELD = 10_000;

/**
 * When escalations reassigned work that had not started: analytics splits a handoff's wait at the
 * last assignment before the start, and the instance's view keeps no time for an escalation's.
 * Held from the escalation until the handoff into that work closes; lost on a restart (the split
 * then falls back to the last StepAssigned or StepReassigned, the total is unchanged).
 */
export class ReassigningEscalations {
  private readonly held = new Map<string, Millis>();

  /** Notes the reassigning escalations among one command's events. */
  note(instanceId: string, events: readonly instance.InstanceEvent[]): void {
    for (const e of events) {
      if (e.type !== 'StepEscalated' || e.data.action !== 'reassign' || e.data.toPersonId === undefined)
        continue;
      const key = `${instanceId}\n${e.data.activationId}`;
      this.held.delete(key);
      this.held.set(key, e.at);
      if (this.held.size > HELD) {
        const oldest = this.held.keys().next().value;
        if (oldest !== undefined) this.held.delete(oldest);
      }
    }
  }

  /** The last reassigning escalation of an activation, forgotten once asked (its handoff closed). */
  take(instanceId: string, activationId: string): Millis | undefined {
    if (this.held.size === 0) return undefined;
    const key = `${instanceId}\n${activationId}`;
    const at = this.held.get(key);
    this.held.delete(key);
    return at;
  }
}
