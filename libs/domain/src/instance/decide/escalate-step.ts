import type { ProcessDefinition } from '../../definition/model';
import type { EscalateStep } from '../commands';
import { illegalStepState, invalid, InstanceErrorCode as C } from '../errors';
import type { InstanceEvent } from '../events';
import type { InstanceState } from '../state';
import { eventOf } from './decision';
import { allowedCommands, requireKindAllows, requireStepCommandTarget } from './guards';

/**
 * Records one level of the step's escalation chain. Ownership decides who and when; the decider
 * holds it to the chain: the step must be overdue, the level must exist, come after the last one
 * recorded, and its delay after the step became overdue must have passed.
 */
export function escalateStep(
  command: EscalateStep,
  state: InstanceState,
  definition: ProcessDefinition,
): InstanceEvent[] {
  const { activationId, level, toPersonId } = command.data;
  const { running, activation, step } = requireStepCommandTarget(state, definition, activationId);
  requireKindAllows(activation, step, 'EscalateStep');
  const allowed = allowedCommands(activation, step);
  const chain = step.escalations[level - 1];
  if (!Number.isInteger(level) || !chain) {
    throw invalid(C.unknownEscalationLevel, `Step ${step.id} has no escalation level ${level}`, [
      { field: 'level', description: `must be 1..${step.escalations.length}`, reason: 'OUT_OF_RANGE' },
    ]);
  }
  const { overdueSince, escalationLevel } = activation;
  if (overdueSince === undefined) {
    throw illegalStepState(
      C.notOverdue,
      activation,
      allowed,
      'is not overdue; only an overdue step is escalated',
    );
  }
  if (level <= escalationLevel) {
    throw illegalStepState(
      C.escalationAlreadyReached,
      activation,
      allowed,
      `is already at escalation level ${escalationLevel}`,
    );
  }
  const escalateAt = overdueSince + chain.afterMs;
  if (command.metadata.now < escalateAt) {
    throw illegalStepState(
      C.escalationNotDue,
      activation,
      allowed,
      `escalates to level ${level} only from ${new Date(escalateAt).toISOString()}`,
      {
        escalateAt,
      },
    );
  }
  const person = toPersonId ?? (chain.to.kind === 'person' ? chain.to.personId : undefined);
  return [
    eventOf(command.metadata, 'StepEscalated', {
      instanceId: running.instanceId,
      activationId,
      stepId: step.id,
      level,
      action: chain.action,
      to: chain.to,
      ...(person !== undefined ? { toPersonId: person } : {}),
      reason: `overdue since ${new Date(overdueSince).toISOString()}; escalation level ${level} (${chain.action})`,
    }),
  ];
}
