import type { instance, Millis } from '@baton/domain';

/** What the domain's timings do not keep per activation: owners, performers, churn, escalations. */
export interface OwnershipFacts {
  /** The last (re)assignment recorded before the activation started or ended. */
  lastAssigned?: { readonly at: Millis; readonly personId: string };
  /** The owner after the latest (re)assignment until the activation ended. */
  owner?: string;
  /** Who started it (StepStarted.personId) and who completed it (StepCompleted.personId). */
  startedBy?: string;
  completedBy?: string;
  /** How it failed, when it did: a system or person failed it, or a reviewer rejected it. */
  failure?: 'failed' | 'rejected';
  /** Ownership changes after the first one, over the activation's whole life. */
  reassignments: number;
  overdueAt?: Millis;
  escalations: number;
}

/**
 * Folds ownership events per activation in stream order. Assignments count for the handoff split
 * only until the activation starts (or ends, when it never records a start): a reassignment of
 * started work moves the work, not its pickup. Nothing after the activation's end changes it.
 */
export function foldOwnership(events: readonly instance.InstanceEvent[]): Map<string, OwnershipFacts> {
  const facts = new Map<string, OwnershipFacts>();
  const closed = new Set<string>();
  const ended = new Set<string>();
  const owners = new Map<string, number>();
  const of = (activationId: string): OwnershipFacts => {
    let f = facts.get(activationId);
    if (!f) facts.set(activationId, (f = { reassignments: 0, escalations: 0 }));
    return f;
  };
  const assign = (activationId: string, at: Millis, personId: string): void => {
    if (ended.has(activationId)) return;
    const f = of(activationId);
    const n = (owners.get(activationId) ?? 0) + 1;
    owners.set(activationId, n);
    if (n > 1) f.reassignments += 1;
    f.owner = personId;
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
        if (ended.has(event.data.activationId)) break;
        const f = of(event.data.activationId);
        f.escalations += 1;
        if (event.data.action === 'reassign' && event.data.toPersonId !== undefined) {
          assign(event.data.activationId, event.at, event.data.toPersonId);
        }
        break;
      }
      case 'StepOverdue':
        if (!ended.has(event.data.activationId)) of(event.data.activationId).overdueAt ??= event.at;
        break;
      case 'StepStarted':
        closed.add(event.data.activationId);
        if (event.data.personId !== undefined) of(event.data.activationId).startedBy ??= event.data.personId;
        break;
      case 'StepCompleted':
        closed.add(event.data.activationId);
        ended.add(event.data.activationId);
        if (event.data.personId !== undefined) of(event.data.activationId).completedBy = event.data.personId;
        break;
      case 'StepFailed':
        closed.add(event.data.activationId);
        ended.add(event.data.activationId);
        of(event.data.activationId).failure = event.data.kind;
        break;
      default:
        break;
    }
  }
  return facts;
}

/** Who did the work: who completed it, else its owner at the end, else who started it. */
export const performerOf = (f: OwnershipFacts | undefined): string | undefined =>
  f?.completedBy ?? f?.owner ?? f?.startedBy;
