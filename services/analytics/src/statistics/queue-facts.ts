import type { CaseRef, StepObservation } from '@baton/analytics-core';
import type { instance } from '@baton/domain';

/** A step activation joined its owner team's queue. */
export interface QueueArrival extends CaseRef {
  readonly teamId: string;
  readonly at: number;
}

/** A step activation left its owner team's queue: it ended, or was cancelled with its instance. */
export interface QueueDeparture extends CaseRef {
  readonly teamId: string;
  readonly at: number;
  readonly kind: 'completed' | 'failed' | 'cancelled';
  /** Started → ended; 0 for cancelled activations. */
  readonly workMs: number;
}

type Definition = Pick<CaseRef, 'definitionId' | 'definitionVersion'>;

/** The team a queue counts an activation for: its owner, when the owner is a team. */
const queueTeam = (e: instance.StepActivated): string | undefined =>
  e.data.owner?.kind === 'team' ? e.data.owner.teamId : undefined;

/** The activations among `events` that joined a team's queue. */
export function arrivalsIn(
  events: readonly instance.InstanceEvent[],
  ref: Definition & { instanceId: string },
): QueueArrival[] {
  return events.flatMap((e) => {
    if (e.type !== 'StepActivated') return [];
    const teamId = queueTeam(e);
    return teamId === undefined ? [] : [{ ...{}, ...ref, teamId, at: e.at }];
  });
}

/**
 * The departures the new facts and the fresh events say: each newly counted ended step (by its
 * owner team at activation, as it arrived), and the activations an ending cancelled.
 */
export function departuresIn(
  history: readonly instance.InstanceEvent[],
  fresh: readonly instance.InstanceEvent[],
  steps: readonly StepObservation[],
  ref: Definition & { instanceId: string },
): QueueDeparture[] {
  const teams = new Map<string, string>();
  for (const e of history) {
    if (e.type !== 'StepActivated') continue;
    const teamId = queueTeam(e);
    if (teamId !== undefined) teams.set(e.data.activationId, teamId);
  }
  const ended = steps.flatMap((s): QueueDeparture[] => {
    const teamId = teams.get(s.activationId);
    return teamId === undefined
      ? []
      : [{ ...{}, ...ref, teamId, at: s.endedAt, kind: s.status, workMs: s.workMs }];
  });
  const cancelled = fresh.flatMap((e): QueueDeparture[] => {
    if (e.type !== 'InstanceCancelled' && e.type !== 'InstanceFailed') return [];
    return e.data.cancelledActivationIds.flatMap((id) => {
      const teamId = teams.get(id);
      return teamId === undefined
        ? []
        : [{ ...{}, ...ref, teamId, at: e.at, kind: 'cancelled' as const, workMs: 0 }];
    });
  });
  return [...ended, ...cancelled];
}
