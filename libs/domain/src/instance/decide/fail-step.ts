import type { ProcessDefinition } from '../../definition/model';
import type { FailStep } from '../commands';
import { requireText } from '../errors';
import type { InstanceEvent } from '../events';
import { followExceptionPath } from '../routing/exception-paths';
import type { InstanceState } from '../state';
import { decisionFrom } from './decision';
import { requireKindAllows, requireStepCommandTarget } from './guards';

/** A step failed (a system error, an impossible task): at any point of its life, not only once started. */
export function failStep(
  command: FailStep,
  state: InstanceState,
  definition: ProcessDefinition,
): InstanceEvent[] {
  const { activationId, reason, errorCode } = command.data;
  const { running, activation, step } = requireStepCommandTarget(state, definition, activationId);
  requireText({ reason });
  requireKindAllows(activation, step, 'FailStep');
  const failure = { kind: 'failed' as const, reason, ...(errorCode !== undefined ? { errorCode } : {}) };
  const context = { definition, metadata: command.metadata };
  return [...followExceptionPath(decisionFrom(running), context, activation, failure).events];
}
