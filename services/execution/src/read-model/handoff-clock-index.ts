import {
  dueHandoffAlert,
  instance,
  nextHandoffAlertAt,
  type calendar,
  type HandoffAlert,
  type ProcessDefinition,
} from '@baton/domain';

/** A handoff SLA alert due now: the scheduler sends it as MarkHandoffAtRisk / MarkHandoffBreached. */
export interface DueHandoffAlert {
  readonly instanceId: string;
  readonly alert: HandoffAlert;
  readonly clock: instance.HandoffClock;
}

/** The open handoff clocks of a running instance, and the first instant one of them turns. */
interface Entry {
  readonly clocks: readonly instance.HandoffClock[];
  readonly nextAt: number;
}

const slaDefinitions = new WeakMap<ProcessDefinition, boolean>();

/** Whether a handoff of the definition runs on an SLA (cached: asked on every write). */
export function hasHandoffSlas(definition: ProcessDefinition): boolean {
  let known = slaDefinitions.get(definition);
  if (known === undefined) slaDefinitions.set(definition, (known = definition.handoffs.some((h) => h.sla)));
  return known;
}

/**
 * The handoff SLA scheduler's due index: per running instance, its handoffs still waiting on an
 * SLA (from the decider state and the definition), skipped by a tick until the earliest of them
 * may turn. Entries with nothing left to fire are dropped.
 */
export class HandoffClockIndex {
  private readonly entries = new Map<string, Entry>();

  /** The instance as folded now; no state or definition (ended, unknown) drops it. */
  update(
    instanceId: string,
    state?: instance.InstanceState,
    definition?: ProcessDefinition,
    calendars?: calendar.CalendarRegistry,
  ): void {
    const clocks =
      state && definition && hasHandoffSlas(definition)
        ? instance.openHandoffClocks(state, definition, calendars)
        : [];
    let nextAt = Infinity;
    for (const clock of clocks) {
      nextAt = Math.min(nextAt, nextHandoffAlertAt(clock.deadlines, clock.recorded) ?? Infinity);
    }
    if (nextAt === Infinity) this.entries.delete(instanceId);
    else this.entries.set(instanceId, { clocks, nextAt });
  }

  /** Alerts due at `now` (at most one per handoff traversal), earliest deadline first. */
  due(now: number): DueHandoffAlert[] {
    const due: DueHandoffAlert[] = [];
    for (const [instanceId, { clocks, nextAt }] of this.entries) {
      if (nextAt > now) continue;
      for (const clock of clocks) {
        const alert = dueHandoffAlert(clock.deadlines, now, clock.recorded);
        if (alert) due.push({ instanceId, alert, clock });
      }
    }
    return due.sort((a, b) => a.clock.deadlines.dueAt - b.clock.deadlines.dueAt);
  }
}
