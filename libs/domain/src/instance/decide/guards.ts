import { stepById } from '../../definition/graph';
import type { ProcessDefinition, Step, StepKind } from '../../definition/model';
import { IllegalStateError } from '../../shared/errors';
import type { InstanceCommandType } from '../commands';
import {
  illegalStepState,
  instanceNotStarted,
  instanceTerminated,
  invalid,
  InstanceErrorCode as C,
  stepNotFound,
} from '../errors';
import type { ActivationStatus, InstanceState, OpenActivation, RunningInstance } from '../state';

export type StepCommandType = Exclude<
  InstanceCommandType,
  'StartInstance' | 'CancelInstance' | 'MarkHandoffAtRisk' | 'MarkHandoffBreached'
>;

const WORK: readonly StepCommandType[] = [
  'AssignStep',
  'StartStep',
  'ReassignStep',
  'CompleteStep',
  'FailStep',
];
const DEADLINE: readonly StepCommandType[] = ['MarkStepOverdue', 'EscalateStep'];

/**
 * Which commands apply to a kind of step at all: people decide on human tasks and approvals (and
 * may reject them), systems run automated steps, events complete waits, time fires timers.
 */
const BY_KIND: Readonly<Record<StepKind, readonly StepCommandType[]>> = {
  'human-task': [...WORK, 'RejectStep', ...DEADLINE],
  approval: [...WORK, 'RejectStep', ...DEADLINE],
  automated: [...WORK, ...DEADLINE],
  'wait-for-event': ['AssignStep', 'ReassignStep', 'CorrelateTrigger', 'FailStep', ...DEADLINE],
  timer: ['FireTimer', 'FailStep'],
};

/** Which lifecycle commands each status allows (deadline commands depend on the deadline instead). */
const BY_STATUS: Readonly<Record<ActivationStatus, readonly StepCommandType[]>> = {
  activated: ['AssignStep', 'StartStep', 'CorrelateTrigger', 'FireTimer', 'FailStep'],
  assigned: ['StartStep', 'ReassignStep', 'CorrelateTrigger', 'FailStep'],
  started: ['ReassignStep', 'CompleteStep', 'RejectStep', 'FailStep'],
};

/** The step commands allowed for this activation now (reported in every IllegalStateError). */
export function allowedCommands(activation: OpenActivation, step: Step): StepCommandType[] {
  const deadlineAllows = (command: StepCommandType): boolean => {
    if (command === 'MarkStepOverdue')
      return activation.dueAt !== undefined && activation.overdueSince === undefined;
    if (command === 'EscalateStep')
      return activation.overdueSince !== undefined && activation.escalationLevel < step.escalations.length;
    return BY_STATUS[activation.status].includes(command);
  };
  return BY_KIND[step.kind].filter(deadlineAllows);
}

/** Refuses a command that never applies to this kind of step (FireTimer on a human task, ...). */
export function requireKindAllows(activation: OpenActivation, step: Step, command: StepCommandType): void {
  if (!BY_KIND[step.kind].includes(command)) {
    throw illegalStepState(
      C.stepKindMismatch,
      activation,
      allowedCommands(activation, step),
      `is a ${step.kind} step; ${command} does not apply to it`,
      { stepKind: step.kind },
    );
  }
}

/** Refuses a command the activation's status does not allow, with the given code and reason. */
export function requireStatusAllows(
  activation: OpenActivation,
  step: Step,
  command: StepCommandType,
  code: string,
  problem: string,
): void {
  requireKindAllows(activation, step, command);
  const allowed = allowedCommands(activation, step);
  if (!allowed.includes(command)) throw illegalStepState(code, activation, allowed, problem);
}

export function requireRunning(state: InstanceState, definition: ProcessDefinition): RunningInstance {
  if (state.status === 'not-started') throw instanceNotStarted();
  if (state.status !== 'running') throw instanceTerminated(state);
  if (definition.id !== state.definitionId) {
    throw invalid(
      C.definitionMismatch,
      `The instance runs definition ${state.definitionId} v${state.definitionVersion}, but ${definition.id} was given`,
    );
  }
  return state;
}

/** The open activation, or NOT_FOUND (never existed) / NOT_ACTIVE (already ended). */
export function requireOpenActivation(state: RunningInstance, activationId: string): OpenActivation {
  const open = state.activations[activationId];
  if (open) return open;
  const closed = state.closedActivations[activationId];
  if (!closed) throw stepNotFound(activationId);
  throw new IllegalStateError(
    C.stepNotActive,
    `Step ${activationId} is ${closed.status}; it accepts no command`,
    {
      currentState: closed.status,
      allowed: [],
      activationId,
    },
  );
}

export function requireStep(definition: ProcessDefinition, stepId: string): Step {
  const step = stepById(definition, stepId);
  if (!step) throw invalid(C.unknownStep, `Definition ${definition.id} has no step ${stepId}`);
  return step;
}

/** The activation and its step, for commands that address one activation of a running instance. */
export function requireStepCommandTarget(
  state: InstanceState,
  definition: ProcessDefinition,
  activationId: string,
): { running: RunningInstance; activation: OpenActivation; step: Step } {
  const running = requireRunning(state, definition);
  const activation = requireOpenActivation(running, activationId);
  return { running, activation, step: requireStep(definition, activation.stepId) };
}
