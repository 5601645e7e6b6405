import type { ProcessDefinition } from '../../definition/model';
import type { AssignStep } from '../commands';
import { InstanceErrorCode as C, requireText } from '../errors';
import type { InstanceEvent } from '../events';
import type { InstanceState } from '../state';
import { eventOf } from './decision';
import { requireStatusAllows, requireStepCommandTarget } from './guards';

/** Ownership names the person for a freshly activated step; a held step is moved by ReassignStep. */
export function assignStep(
  command: AssignStep,
  state: InstanceState,
  definition: ProcessDefinition,
): InstanceEvent[] {
  const { activationId, personId, teamId, reason } = command.data;
  const { running, activation, step } = requireStepCommandTarget(state, definition, activationId);
  requireText({ personId, reason });
  requireStatusAllows(
    activation,
    step,
    'AssignStep',
    C.stepAlreadyAssigned,
    'is already assigned; use ReassignStep',
  );
  return [
    eventOf(command.metadata, 'StepAssigned', {
      instanceId: running.instanceId,
      activationId,
      stepId: step.id,
      personId,
      ...(teamId !== undefined ? { teamId } : {}),
      reason,
    }),
  ];
}
