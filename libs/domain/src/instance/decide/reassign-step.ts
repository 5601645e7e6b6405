import type { ProcessDefinition } from '../../definition/model';
import type { ReassignStep } from '../commands';
import { invalid, InstanceErrorCode as C, requireText } from '../errors';
import type { InstanceEvent } from '../events';
import type { InstanceState } from '../state';
import { eventOf } from './decision';
import { requireStatusAllows, requireStepCommandTarget } from './guards';

/** Moves a held step to another person; a started step stays started (the work moves, not its progress). */
export function reassignStep(
  command: ReassignStep,
  state: InstanceState,
  definition: ProcessDefinition,
): InstanceEvent[] {
  const { activationId, toPersonId, reason } = command.data;
  const { running, activation, step } = requireStepCommandTarget(state, definition, activationId);
  requireText({ toPersonId, reason });
  requireStatusAllows(
    activation,
    step,
    'ReassignStep',
    C.stepNotAssigned,
    'is not assigned yet; use AssignStep',
  );
  const fromPersonId = activation.status === 'activated' ? undefined : activation.assigneeId;
  if (fromPersonId === toPersonId) {
    throw invalid(C.sameAssignee, `Step ${activationId} is already assigned to ${toPersonId}`, [
      { field: 'toPersonId', description: 'must differ from the current assignee', reason: 'SAME_ASSIGNEE' },
    ]);
  }
  return [
    eventOf(command.metadata, 'StepReassigned', {
      instanceId: running.instanceId,
      activationId,
      stepId: step.id,
      ...(fromPersonId !== undefined ? { fromPersonId } : {}),
      toPersonId,
      reason,
    }),
  ];
}
