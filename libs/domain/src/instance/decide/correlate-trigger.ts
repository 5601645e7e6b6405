import type { Handoff, ProcessDefinition, Step } from '../../definition/model';
import type { DataRecord } from '../../shared/data';
import { NotFoundError } from '../../shared/errors';
import type { CorrelateTrigger } from '../commands';
import { invalid, InstanceErrorCode as C, requireText } from '../errors';
import type { InstanceEvent } from '../events';
import { fieldViolations, requireHandoffContracts } from '../routing/data-contract';
import {
  activateTargets,
  completeIfDone,
  handoffsWaitingForEvent,
  routeCompletion,
} from '../routing/route-completion';
import type { InstanceState, OpenActivation, RunningInstance } from '../state';
import {
  decisionFrom,
  eventOf,
  recordStepEvent,
  type DecisionContext,
  type RunningDecision,
} from './decision';
import { requireRunning, requireStep } from './guards';

type WaitStep = Extract<Step, { readonly kind: 'wait-for-event' }>;

/** The correlation key is a value; the definition names the data field that must hold it. */
const holdsKey = (data: DataRecord, field: string, key: string): boolean => {
  const value = data[field];
  return value !== undefined && value !== null && String(value) === key;
};

function waitingSteps(state: RunningInstance, definition: ProcessDefinition, command: CorrelateTrigger) {
  const { type, correlationKey } = command.data;
  return Object.values(state.activations)
    .map((activation) => ({ activation, step: requireStep(definition, activation.stepId) }))
    .filter(
      (candidate): candidate is { activation: OpenActivation; step: WaitStep } =>
        candidate.step.kind === 'wait-for-event' &&
        candidate.step.event === type &&
        holdsKey(state.data, candidate.step.correlationKey, correlationKey),
    );
}

function waitingHandoffs(
  state: RunningInstance,
  definition: ProcessDefinition,
  command: CorrelateTrigger,
): Handoff[] {
  const { type, correlationKey } = command.data;
  return handoffsWaitingForEvent(state, definition).filter(
    (handoff) =>
      handoff.trigger?.kind === 'event' &&
      handoff.trigger.event === type &&
      holdsKey(state.data, handoff.trigger.correlationKey, correlationKey),
  );
}

/**
 * An internal system's event completes every step waiting for it (its payload is the step's output)
 * and releases every handoff waiting for it, in this instance. The payload must carry what the
 * waiting step requires and what the released handoff's data contract asks for.
 */
export function correlateTrigger(
  command: CorrelateTrigger,
  state: InstanceState,
  definition: ProcessDefinition,
): InstanceEvent[] {
  const running = requireRunning(state, definition);
  const { type, correlationKey, payload } = command.data;
  requireText({ type, correlationKey });
  const steps = waitingSteps(running, definition, command);
  const handoffs = waitingHandoffs(running, definition, command);
  if (steps.length === 0 && handoffs.length === 0) {
    throw new NotFoundError(
      C.triggerNotCorrelated,
      `Nothing in instance ${running.instanceId} waits for ${type} with correlation key ${correlationKey}`,
      { instanceId: running.instanceId, triggerType: type, correlationKey },
    );
  }
  const context: DecisionContext = { definition, metadata: command.metadata };
  const correlated = (ref: { activationId: string } | { handoffId: string }) =>
    eventOf(command.metadata, 'TriggerCorrelated', {
      instanceId: running.instanceId,
      triggerType: type,
      correlationKey,
      ...ref,
      payload,
    });

  let decision: RunningDecision = decisionFrom(running);
  for (const { activation, step } of steps) {
    const violations = fieldViolations(
      step.requires,
      payload,
      `required by step ${step.id} waiting for ${type}`,
    );
    if (violations.length > 0)
      throw invalid(C.triggerDataInvalid, 'The trigger payload is incomplete', violations);
    decision = recordStepEvent(decision, correlated({ activationId: activation.activationId }));
    decision = routeCompletion(decision, context, activation, { output: payload });
  }
  for (const handoff of handoffs) {
    requireHandoffContracts([handoff], { ...{}, ...decision.state.data, ...payload });
    const arrivals = decision.state.handoffRounds[handoff.id]?.arrivals ?? [];
    decision = recordStepEvent(decision, correlated({ handoffId: handoff.id }));
    decision = activateTargets(decision, context, handoff, arrivals);
  }
  return [...completeIfDone(decision, context).events];
}
