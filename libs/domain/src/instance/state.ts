import type { StepKind } from '../definition/model';
import type { DataRecord, Millis } from '../shared/data';
import type { HandoffAlert } from '../handoff/sla';
import type { HandoffSource } from './events';

/** Where an open activation is in its lifecycle: activated → assigned → started. */
export type ActivationStatus = 'activated' | 'assigned' | 'started';

interface ActivationCore {
  readonly activationId: string;
  readonly stepId: string;
  readonly stepKind: StepKind;
  readonly attempt: number;
  readonly activatedAt: Millis;
  readonly handedOffFrom: readonly HandoffSource[];
  /** Absent when the step has no deadline; for a timer step, when it fires. */
  readonly dueAt?: Millis;
  /** Set once StepOverdue is recorded: the overdue flag, and the base of escalation delays. */
  readonly overdueSince?: Millis;
  /** The last escalation level recorded (1-based); 0 before any escalation. */
  readonly escalationLevel: number;
}

/** A step activation that has not ended yet; who holds it depends on its status. */
export type OpenActivation = ActivationCore &
  (
    | { readonly status: 'activated' }
    | { readonly status: 'assigned'; readonly assigneeId: string; readonly teamId?: string }
    /** A system may start an automated step without a person. */
    | { readonly status: 'started'; readonly assigneeId?: string; readonly teamId?: string }
  );

/** How an activation ended: each activation ends exactly once. */
export type ClosedActivationStatus = 'completed' | 'failed' | 'cancelled';

export interface ClosedActivation {
  readonly stepId: string;
  readonly status: ClosedActivationStatus;
}

/**
 * Progress of one handoff edge in its current round: the completions routed into it (one
 * HandoffSource per arrival, one per upstream step) and whether it has fired. A join fires once per
 * round; arrivals after it fired (late `first`/`n-of-m` branches) are absorbed into the round. An
 * arrival from a step already in a fired round (a loop came back) opens a new round. An unfired
 * round of an event-triggered handoff whose join is satisfied is a handoff waiting for its event.
 */
export interface HandoffRound {
  readonly arrivals: readonly HandoffSource[];
  readonly fired: boolean;
}

interface InstanceCore {
  readonly instanceId: string;
  readonly definitionId: string;
  readonly definitionVersion: number;
  readonly businessKey: string;
  readonly triggerType?: string;
  readonly startedAt: Millis;
  /** The instance data so far: start data, then each completion's output and trigger payload merged in. */
  readonly data: DataRecord;
  readonly activations: Readonly<Record<string, OpenActivation>>;
  readonly closedActivations: Readonly<Record<string, ClosedActivation>>;
  /** Join progress and event-triggered handoffs, by handoff id. */
  readonly handoffRounds: Readonly<Record<string, HandoffRound>>;
  /** The highest attempt activated per step id (the next activation is `<stepId>#<attempt + 1>`). */
  readonly attempts: Readonly<Record<string, number>>;
  /** How often each exception path was taken: the rework iteration counter. */
  readonly exceptionPathsTaken: Readonly<Record<string, number>>;
  /** The last SLA alert recorded per handoff traversal (by `handoffClockKey`). */
  readonly handoffAlerts: Readonly<Record<string, HandoffAlert>>;
  /**
   * Keys of the commands already applied, oldest first. A list, not an object keyed by them: each
   * distinct property name would give every cached instance a hidden class of its own (V8 maps
   * and descriptor arrays, about 13 MiB per 100,000 open instances), and an instance sees few keys.
   */
  readonly processedIdempotencyKeys: readonly string[];
}

export interface NotStartedInstance {
  readonly status: 'not-started';
}
export type RunningInstance = InstanceCore & { readonly status: 'running' };
export type CompletedInstance = InstanceCore & { readonly status: 'completed'; readonly endedAt: Millis };
export type CancelledInstance = InstanceCore & {
  readonly status: 'cancelled';
  readonly endedAt: Millis;
  readonly reason: string;
};
export type FailedInstance = InstanceCore & {
  readonly status: 'failed';
  readonly endedAt: Millis;
  readonly reason: string;
};

export type InstanceState =
  NotStartedInstance | RunningInstance | CompletedInstance | CancelledInstance | FailedInstance;

export type TerminalInstance = CompletedInstance | CancelledInstance | FailedInstance;

export const initialInstanceState = (): InstanceState => ({ status: 'not-started' });

export function isTerminal(state: InstanceState): state is TerminalInstance {
  return state.status === 'completed' || state.status === 'cancelled' || state.status === 'failed';
}

export function hasProcessed(state: InstanceState, idempotencyKey: string | undefined): boolean {
  return (
    idempotencyKey !== undefined &&
    state.status !== 'not-started' &&
    state.processedIdempotencyKeys.includes(idempotencyKey)
  );
}

export function openActivationIds(state: InstanceState): string[] {
  return state.status === 'not-started' ? [] : Object.keys(state.activations);
}

/** The next activation id for a step: `<stepId>#<attempt>`, deterministic and unique within the instance. */
export function nextActivation(
  state: RunningInstance,
  stepId: string,
): { activationId: string; attempt: number } {
  const attempt = (state.attempts[stepId] ?? 0) + 1;
  return { activationId: `${stepId}#${attempt}`, attempt };
}
