import type { ProcessDefinition } from '../../definition/model';
import type { CompleteStep } from '../commands';
import { InstanceErrorCode as C } from '../errors';
import type { InstanceEvent } from '../events';
import { completeIfDone, routeCompletion } from '../routing/route-completion';
import type { InstanceState } from '../state';
import { decisionFrom, type DecisionContext } from './decision';
import { requireStatusAllows, requireStepCommandTarget } from './guards';
import { requireCompletionOutcome, requireKnownOutcome } from './outcomes';

/** Completes a started step, merges its output into the instance data and routes it onward. */
export function completeStep(
  command: CompleteStep,
  state: InstanceState,
  definition: ProcessDefinition,
): InstanceEvent[] {
  const { activationId, outcome, output, personId } = command.data;
  const { running, activation, step } = requireStepCommandTarget(state, definition, activationId);
  requireStatusAllows(activation, step, 'CompleteStep', C.stepNotStarted, 'is not started; start it first');
  requireKnownOutcome(step, outcome, true);
  requireCompletionOutcome(definition, step, outcome);
  const context: DecisionContext = { definition, metadata: command.metadata };
  const completion = {
    ...{},
    ...(outcome !== undefined ? { outcome } : {}),
    output,
    ...(personId !== undefined ? { personId } : {}),
  };
  const routed = routeCompletion(decisionFrom(running), context, activation, completion);
  return [...completeIfDone(routed, context).events];
}
