import {
  ConflictError,
  IllegalStateError,
  NotFoundError,
  ValidationError,
  type FieldViolation,
} from '../shared/errors';
import type { InstanceCommandType } from './commands';
import type { InstanceState } from './state';

/**
 * The instance decider's refusals, one factory per stable code, so messages and details stay
 * consistent across commands. Codes are part of the public contract: never rename one.
 */
export const InstanceErrorCode = {
  notStarted: 'INSTANCE.NOT_STARTED',
  alreadyStarted: 'INSTANCE.ALREADY_STARTED',
  terminated: 'INSTANCE.TERMINATED',
  unknownTrigger: 'INSTANCE.UNKNOWN_TRIGGER',
  startDataInvalid: 'INSTANCE.START_DATA_INVALID',
  commandInvalid: 'COMMAND.INVALID',
  commandUnknown: 'COMMAND.UNKNOWN',
  definitionMismatch: 'DEFINITION.MISMATCH',
  noStartHandoff: 'DEFINITION.NO_START_HANDOFF',
  unknownStep: 'DEFINITION.UNKNOWN_STEP',
  stepNotFound: 'STEP.NOT_FOUND',
  stepNotActive: 'STEP.NOT_ACTIVE',
  stepNotStarted: 'STEP.NOT_STARTED',
  stepAlreadyStarted: 'STEP.ALREADY_STARTED',
  stepAlreadyAssigned: 'STEP.ALREADY_ASSIGNED',
  stepNotAssigned: 'STEP.NOT_ASSIGNED',
  stepAssignedToAnother: 'STEP.ASSIGNED_TO_ANOTHER_PERSON',
  stepKindMismatch: 'STEP.KIND_MISMATCH',
  assigneeRequired: 'STEP.ASSIGNEE_REQUIRED',
  sameAssignee: 'STEP.SAME_ASSIGNEE',
  outputInvalid: 'STEP.OUTPUT_INVALID',
  noDeadline: 'STEP.NO_DEADLINE',
  notYetDue: 'STEP.NOT_YET_DUE',
  alreadyOverdue: 'STEP.ALREADY_OVERDUE',
  notOverdue: 'STEP.NOT_OVERDUE',
  unknownEscalationLevel: 'ESCALATION.UNKNOWN_LEVEL',
  escalationAlreadyReached: 'ESCALATION.ALREADY_REACHED',
  escalationNotDue: 'ESCALATION.NOT_DUE',
  outcomeRequired: 'OUTCOME.REQUIRED',
  outcomeUnknown: 'OUTCOME.UNKNOWN',
  outcomeIsRejection: 'OUTCOME.IS_REJECTION',
  outcomeNotRejection: 'OUTCOME.NOT_A_REJECTION',
  noRoute: 'ROUTING.NO_HANDOFF',
  conditionFailed: 'ROUTING.CONDITION_FAILED',
  dataContractViolated: 'HANDOFF.DATA_CONTRACT_VIOLATED',
  handoffNoSla: 'HANDOFF.NO_SLA',
  handoffNoAtRiskThreshold: 'HANDOFF.NO_AT_RISK_THRESHOLD',
  handoffNotWaiting: 'HANDOFF.NOT_WAITING',
  handoffNotAtRiskYet: 'HANDOFF.NOT_YET_AT_RISK',
  handoffAlreadyAtRisk: 'HANDOFF.ALREADY_AT_RISK',
  handoffPastDue: 'HANDOFF.PAST_DUE',
  handoffNotDueYet: 'HANDOFF.NOT_YET_DUE',
  handoffAlreadyBreached: 'HANDOFF.ALREADY_BREACHED',
  deadlineUnresolvable: 'DEADLINE.UNRESOLVABLE',
  ownerUnresolved: 'OWNER.UNRESOLVED',
  timerNotDue: 'TIMER.NOT_DUE',
  triggerNotCorrelated: 'TRIGGER.NOT_CORRELATED',
  triggerDataInvalid: 'TRIGGER.DATA_CONTRACT_VIOLATED',
} as const;

const C = InstanceErrorCode;

export function instanceNotStarted(): IllegalStateError {
  return new IllegalStateError(
    C.notStarted,
    'The instance has not been started; only StartInstance is allowed',
    {
      currentState: 'not-started',
      allowed: ['StartInstance'],
    },
  );
}

export function instanceTerminated(state: InstanceState): IllegalStateError {
  return new IllegalStateError(
    C.terminated,
    `The instance is ${state.status}; a terminal instance accepts no further transition`,
    { currentState: state.status, allowed: [] },
  );
}

export function instanceAlreadyStarted(instanceId: string): ConflictError {
  return new ConflictError(
    C.alreadyStarted,
    `Instance ${instanceId} is already started; repeat StartInstance with the same idempotency key to get no new events`,
    { instanceId },
  );
}

export function stepNotFound(activationId: string): NotFoundError {
  return new NotFoundError(C.stepNotFound, `No step activation ${activationId} in this instance`, {
    activationId,
  });
}

/** A command that the activation's current lifecycle status (or step kind) does not allow. */
export function illegalStepState(
  code: string,
  activation: { readonly activationId: string; readonly status: string },
  allowed: readonly InstanceCommandType[],
  problem: string,
  extra: Record<string, unknown> = {},
): IllegalStateError {
  const allowedText =
    allowed.length > 0 ? `allowed now: ${allowed.join(', ')}` : 'no step command is allowed';
  return new IllegalStateError(code, `Step ${activation.activationId} ${problem} (${allowedText})`, {
    currentState: activation.status,
    allowed,
    activationId: activation.activationId,
    ...extra,
  });
}

export function invalid(
  code: string,
  message: string,
  violations: readonly FieldViolation[] = [],
): ValidationError {
  const listed = violations.map((v) => `${v.field}: ${v.description}`).join('; ');
  return new ValidationError(code, listed ? `${message}: ${listed}` : message, violations);
}

/** Checks that required strings of a command are not blank. */
export function requireText(fields: Readonly<Record<string, string | undefined>>): void {
  const violations: FieldViolation[] = Object.entries(fields)
    .filter(([, value]) => value === undefined || value.trim() === '')
    .map(([field]) => ({ field, description: 'must not be blank', reason: 'REQUIRED' }));
  if (violations.length > 0) throw invalid(C.commandInvalid, 'The command is incomplete', violations);
}
