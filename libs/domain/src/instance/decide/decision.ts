import type { ProcessDefinition } from '../../definition/model';
import type { CommandMetadata } from '../commands';
import type { InstanceEvent, InstanceEventType } from '../events';
import { evolve } from '../evolve';
import type { InstanceState, RunningInstance } from '../state';

type EventOf<T extends InstanceEventType> = Extract<InstanceEvent, { readonly type: T }>;

/**
 * The events decided so far and the state they lead to. Each rule sees the state after the events
 * before it (a join sees the arrival just recorded), and because that state is folded by `evolve`
 * itself, replaying the emitted events reproduces exactly what the decider saw.
 */
export interface Decision {
  readonly state: InstanceState;
  readonly events: readonly InstanceEvent[];
}

/** What every rule needs besides the state: the definition and the command's time and key. */
export interface DecisionContext {
  readonly definition: ProcessDefinition;
  readonly metadata: CommandMetadata;
}

/** A decision whose events so far leave the instance running. */
export type RunningDecision = Decision & { readonly state: RunningInstance };

/** Events about one step; they never end an instance. */
export type StepEvent = Exclude<
  InstanceEvent,
  { readonly type: 'InstanceStarted' | 'InstanceCompleted' | 'InstanceCancelled' | 'InstanceFailed' }
>;

export const decisionFrom = <S extends InstanceState>(state: S): Decision & { readonly state: S } => ({
  state,
  events: [],
});

export function record(decision: Decision, ...events: readonly InstanceEvent[]): Decision {
  return { state: events.reduce(evolve, decision.state), events: [...decision.events, ...events] };
}

/** Records a step event: `evolve` keeps a running instance running for these, so the type may say so. */
export function recordStepEvent(decision: RunningDecision, event: StepEvent): RunningDecision {
  return record(decision, event) as RunningDecision;
}

/** Builds an event stamped with the command's business time and idempotency key. */
export function eventOf<T extends InstanceEventType>(
  metadata: CommandMetadata,
  type: T,
  data: EventOf<T>['data'],
): EventOf<T> {
  const key = metadata.idempotencyKey;
  return {
    type,
    data,
    at: metadata.now,
    ...(key !== undefined ? { idempotencyKey: key } : {}),
  } as EventOf<T>;
}
