import type { ProcessDefinition } from '../../definition/model';
import type { MarkStepOverdue } from '../commands';
import { illegalStepState, InstanceErrorCode as C } from '../errors';
import type { InstanceEvent } from '../events';
import type { InstanceState } from '../state';
import { eventOf } from './decision';
import { allowedCommands, requireKindAllows, requireStepCommandTarget } from './guards';

/** The scheduler saw the deadline pass. Refused before it passes, so a clock skew cannot mark work late. */
export function markStepOverdue(
  command: MarkStepOverdue,
  state: InstanceState,
  definition: ProcessDefinition,
): InstanceEvent[] {
  const { activationId } = command.data;
  const { running, activation, step } = requireStepCommandTarget(state, definition, activationId);
  requireKindAllows(activation, step, 'MarkStepOverdue');
  const allowed = allowedCommands(activation, step);
  const { dueAt, overdueSince } = activation;
  if (dueAt === undefined) throw illegalStepState(C.noDeadline, activation, allowed, 'has no deadline');
  if (overdueSince !== undefined) {
    throw illegalStepState(C.alreadyOverdue, activation, allowed, 'is already overdue', { overdueSince });
  }
  if (command.metadata.now < dueAt) {
    throw illegalStepState(
      C.notYetDue,
      activation,
      allowed,
      `is not due until ${new Date(dueAt).toISOString()}`,
      {
        dueAt,
      },
    );
  }
  return [
    eventOf(command.metadata, 'StepOverdue', {
      instanceId: running.instanceId,
      activationId,
      stepId: step.id,
      dueAt,
    }),
  ];
}
