import type { instance, Millis } from '@baton/domain';

/** One event of an instance stream as the export reads it: the store's event id and the domain event. */
export interface HistoryEvent {
  readonly id: string;
  readonly event: instance.InstanceEvent;
}

/** How an instance stands at the end of what was read. */
export type InstanceOutcome = 'running' | 'completed' | 'cancelled' | 'failed';

/** What a trace (XES) or an instance object (OCEL) says about the whole instance. */
export interface InstanceSummary {
  readonly instanceId: string;
  readonly definitionId: string;
  readonly definitionVersion: number;
  readonly businessKey: string;
  readonly triggerType?: string;
  readonly startedAt: Millis;
  readonly outcome: InstanceOutcome;
  readonly endedAt?: Millis;
  /** Why it was cancelled or failed. */
  readonly reason?: string;
}

/**
 * The summary of one instance's events in stream order, or undefined when the stream does not
 * begin with `InstanceStarted` (nothing to export).
 */
export function summarizeInstance(history: readonly HistoryEvent[]): InstanceSummary | undefined {
  const first = history[0]?.event;
  if (first?.type !== 'InstanceStarted') return undefined;
  const { instanceId, definitionId, definitionVersion, businessKey, triggerType } = first.data;
  let ending: Pick<InstanceSummary, 'outcome' | 'endedAt' | 'reason'> = { outcome: 'running' };
  for (const { event } of history) {
    if (event.type === 'InstanceCompleted') ending = { outcome: 'completed', endedAt: event.at };
    else if (event.type === 'InstanceCancelled')
      ending = { outcome: 'cancelled', endedAt: event.at, reason: event.data.reason };
    else if (event.type === 'InstanceFailed')
      ending = { outcome: 'failed', endedAt: event.at, reason: event.data.reason };
  }
  return {
    instanceId,
    definitionId,
    definitionVersion,
    businessKey,
    ...(triggerType !== undefined ? { triggerType } : {}),
    startedAt: first.at,
    ...ending,
  };
}

/** Who has an activation and for which team, as far as its events so far say. */
export interface ActivationState {
  readonly activationId: string;
  readonly stepId: string;
  readonly attempt: number;
  /** The person it is assigned to now. */
  assignee?: string;
  /**
   * Its team: the owner team it was activated for, replaced by the team named by a later
   * assignment or by a reassigning escalation to a team.
   */
  team?: string;
}

/**
 * Follows every activation of one instance through its events (feed them in stream order with
 * {@link ActivationTracker.observe}); the state of an event's activation is read before observing
 * it, so a mapping sees who had the work when the event happened.
 */
export class ActivationTracker {
  private readonly activations = new Map<string, ActivationState>();

  get(activationId: string): ActivationState | undefined {
    return this.activations.get(activationId);
  }

  observe(event: instance.InstanceEvent): void {
    switch (event.type) {
      case 'StepActivated': {
        const { activationId, stepId, attempt, owner } = event.data;
        this.activations.set(activationId, {
          activationId,
          stepId,
          attempt,
          ...(owner?.kind === 'team' ? { team: owner.teamId } : {}),
        });
        break;
      }
      case 'StepAssigned': {
        const state = this.of(event.data);
        state.assignee = event.data.personId;
        if (event.data.teamId !== undefined) state.team = event.data.teamId;
        break;
      }
      case 'StepReassigned':
        this.of(event.data).assignee = event.data.toPersonId;
        break;
      case 'StepEscalated': {
        if (event.data.action !== 'reassign') break;
        const state = this.of(event.data);
        if (event.data.toPersonId !== undefined) state.assignee = event.data.toPersonId;
        if (event.data.to.kind === 'team') state.team = event.data.to.teamId;
        break;
      }
      case 'StepStarted':
      case 'StepCompleted':
        if (event.data.personId !== undefined) this.of(event.data).assignee = event.data.personId;
        break;
      default:
        break;
    }
  }

  /**
   * An activation's state. One first seen without its `StepActivated` takes its step and attempt
   * from its id (`<stepId>#<attempt>`).
   */
  of(ref: { readonly activationId: string; readonly stepId?: string }): ActivationState {
    let state = this.activations.get(ref.activationId);
    if (!state) {
      const [stepId, attempt] = ref.activationId.split('#');
      state = {
        activationId: ref.activationId,
        stepId: ref.stepId ?? stepId ?? ref.activationId,
        attempt: Number.isInteger(Number(attempt)) && Number(attempt) > 0 ? Number(attempt) : 1,
      };
      this.activations.set(ref.activationId, state);
    }
    return state;
  }
}
