import type { ProcessDefinition } from '../../definition/model';
import type { RejectStep } from '../commands';
import { InstanceErrorCode as C, requireText } from '../errors';
import type { InstanceEvent } from '../events';
import { followExceptionPath } from '../routing/exception-paths';
import type { InstanceState } from '../state';
import { decisionFrom } from './decision';
import { requireStatusAllows, requireStepCommandTarget } from './guards';
import { requireKnownOutcome, requireRejectionOutcome } from './outcomes';

/** The person working on the step refuses its input (e.g. Legal rejects the contract): follow the exception path. */
export function rejectStep(
  command: RejectStep,
  state: InstanceState,
  definition: ProcessDefinition,
): InstanceEvent[] {
  const { activationId, reason, outcome } = command.data;
  const { running, activation, step } = requireStepCommandTarget(state, definition, activationId);
  requireText({ reason });
  requireStatusAllows(activation, step, 'RejectStep', C.stepNotStarted, 'is not started; start it first');
  requireKnownOutcome(step, outcome, false);
  requireRejectionOutcome(definition, step, outcome);
  const failure = { kind: 'rejected' as const, reason, ...(outcome !== undefined ? { outcome } : {}) };
  const context = { definition, metadata: command.metadata };
  return [...followExceptionPath(decisionFrom(running), context, activation, failure).events];
}
