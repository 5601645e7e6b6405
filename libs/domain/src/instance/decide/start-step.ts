import type { ProcessDefinition } from '../../definition/model';
import type { StartStep } from '../commands';
import { illegalStepState, invalid, InstanceErrorCode as C } from '../errors';
import type { InstanceEvent } from '../events';
import type { InstanceState } from '../state';
import { eventOf } from './decision';
import { allowedCommands, requireStatusAllows, requireStepCommandTarget } from './guards';

/**
 * Picks the step up. On an unassigned step, the person's start is a claim and is recorded as an
 * assignment first (pickup time stays measurable). Only a system may start an automated step
 * without a person; someone else's step is moved by ReassignStep, not taken by starting it.
 */
export function startStep(
  command: StartStep,
  state: InstanceState,
  definition: ProcessDefinition,
): InstanceEvent[] {
  const { activationId, personId } = command.data;
  const { running, activation, step } = requireStepCommandTarget(state, definition, activationId);
  requireStatusAllows(activation, step, 'StartStep', C.stepAlreadyStarted, 'is already started');
  const ref = { instanceId: running.instanceId, activationId, stepId: step.id };

  if (activation.status === 'assigned' && personId !== undefined && personId !== activation.assigneeId) {
    throw illegalStepState(
      C.stepAssignedToAnother,
      activation,
      allowedCommands(activation, step),
      `is assigned to ${activation.assigneeId}, not ${personId}; reassign it first`,
      { assigneeId: activation.assigneeId },
    );
  }
  if (activation.status === 'activated' && personId === undefined && step.kind !== 'automated') {
    throw invalid(C.assigneeRequired, `Step ${activationId} has no assignee: name the person who claims it`, [
      { field: 'personId', description: 'required to claim an unassigned step', reason: 'REQUIRED' },
    ]);
  }
  const claim =
    activation.status === 'activated' && personId !== undefined
      ? [eventOf(command.metadata, 'StepAssigned', { ...{}, ...ref, personId, reason: 'claimed' })]
      : [];
  const startedBy = personId ?? (activation.status === 'assigned' ? activation.assigneeId : undefined);
  return [
    ...claim,
    eventOf(command.metadata, 'StepStarted', {
      ...{},
      ...ref,
      ...(startedBy !== undefined ? { personId: startedBy } : {}),
    }),
  ];
}
