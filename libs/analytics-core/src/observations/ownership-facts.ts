import type { instance, Millis } from '@baton/domain';

/** What the domain's timings do not keep per activation: the last owner before the start, churn, escalations. */
export interface OwnershipFacts {
  /** The last (re)assignment recorded before the activation started or ended. */
  lastAssigned?: { readonly at: Millis; readonly personId: string };
  /** Ownership changes after the first one, over the activation's whole life. */
  reassignments: number;
  overdueAt?: Millis;
  escalations: number;
}

/**
 * Folds ownership events per activation in stream order. Assignments count for the handoff split
 * only until the activation starts (or ends, when it never records a start): a reassignment of
 * started work moves the work, not its pickup.
 */
export function foldOwnership(events: readonly instance.InstanceEvent[]): Map<string, OwnershipFacts> {
  const facts = new Map<string, OwnershipFacts>();
  const closed = new Set<string>();
  const owners = new Map<string, number>();
  const of = (activationId: string): OwnershipFacts => {
    let f = facts.get(activationId);
    if (!f) facts.set(activationId, (f = { reassignments: 0, escalations: 0 }));
    return f;
  };
  const assign = (activationId: string, at: Millis, personId: string): void => {
    const f = of(activationId);
    const n = (owners.get(activationId) ?? 0) + 1;
    owners.set(activationId, n);
    if (n > 1) f.reassignments += 1;
    if (!closed.has(activationId)) f.lastAssigned = { at, personId };
  };

  for (const event of events) {
    switch (event.type) {
      case 'StepAssigned':
        assign(event.data.activationId, event.at, event.data.personId);
        break;
      case 'StepReassigned':
        assign(event.data.activationId, event.at, event.data.toPersonId);
        break;
      case 'StepEscalated': {
        const f = of(event.data.activationId);
        f.escalations += 1;
        if (event.data.action === 'reassign' && event.data.toPersonId !== undefined) {
          assign(event.data.activationId, event.at, event.data.toPersonId);
        }
        break;
      }
      case 'StepOverdue':
        of(event.data.activationId).overdueAt ??= event.at;
        break;
      case 'StepStarted':
      case 'StepCompleted':
      case 'StepFailed':
        closed.add(event.data.activationId);
        break;
      default:
        break;
    }
  }
  return facts;
}
