import type { ProcessDefinition } from '../../definition/model';
import type { FireTimer } from '../commands';
import { illegalStepState, InstanceErrorCode as C } from '../errors';
import type { InstanceEvent } from '../events';
import { completeIfDone, routeCompletion } from '../routing/route-completion';
import type { InstanceState } from '../state';
import { decisionFrom } from './decision';
import { allowedCommands, requireKindAllows, requireStepCommandTarget } from './guards';

/** The scheduler fires a timer step whose time has come; it completes and routes onward. */
export function fireTimer(
  command: FireTimer,
  state: InstanceState,
  definition: ProcessDefinition,
): InstanceEvent[] {
  const { activationId } = command.data;
  const { running, activation, step } = requireStepCommandTarget(state, definition, activationId);
  requireKindAllows(activation, step, 'FireTimer');
  const { dueAt = command.metadata.now } = activation;
  if (command.metadata.now < dueAt) {
    throw illegalStepState(
      C.timerNotDue,
      activation,
      allowedCommands(activation, step),
      `fires at ${new Date(dueAt).toISOString()}, not before`,
      { dueAt },
    );
  }
  const context = { definition, metadata: command.metadata };
  const routed = routeCompletion(decisionFrom(running), context, activation, { output: {} });
  return [...completeIfDone(routed, context).events];
}
