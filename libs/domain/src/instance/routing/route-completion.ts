import { END, type Handoff, type ProcessDefinition } from '../../definition/model';
import type { DataRecord } from '../../shared/data';
import { invalid, InstanceErrorCode as C } from '../errors';
import type { HandoffSource } from '../events';
import {
  eventOf,
  record,
  recordStepEvent,
  type Decision,
  type DecisionContext,
  type RunningDecision,
} from '../decide/decision';
import { requireStep } from '../decide/guards';
import type { HandoffRound, InstanceState, OpenActivation } from '../state';
import { activateStep } from './activate';
import { fieldViolations, requireHandoffContracts } from './data-contract';
import { selectHandoffs } from './select-handoffs';

export interface Completion {
  readonly outcome?: string;
  readonly output: DataRecord;
  readonly personId?: string;
}

/** Whether a join has enough arrivals in its round: all upstream steps, the first, or n of them. */
export function joinSatisfied(handoff: Handoff, round: HandoffRound): boolean {
  const arrivedFrom = new Set(round.arrivals.map((arrival) => arrival.fromStepId));
  const join = handoff.join ?? { kind: 'all' };
  if (join.kind === 'first') return arrivedFrom.size >= 1;
  if (join.kind === 'n-of-m') return arrivedFrom.size >= join.count;
  return handoff.from.every((stepId) => arrivedFrom.has(stepId));
}

/** Event-triggered handoffs whose upstream is done and that now wait for CorrelateTrigger. */
export function handoffsWaitingForEvent(state: InstanceState, definition: ProcessDefinition): Handoff[] {
  if (state.status === 'not-started') return [];
  return definition.handoffs.filter((handoff) => {
    const round = state.handoffRounds[handoff.id];
    return (
      handoff.trigger?.kind === 'event' &&
      round !== undefined &&
      !round.fired &&
      joinSatisfied(handoff, round)
    );
  });
}

/**
 * Activates a handoff's target steps (`end` activates nothing), handed off from the round's
 * arrivals. Each source records the handoff's SLA, so analytics needs nothing but the events.
 */
export function activateTargets(
  decision: RunningDecision,
  context: DecisionContext,
  handoff: Handoff,
  sources: readonly HandoffSource[],
): RunningDecision {
  const slaWithinMs = handoff.sla?.withinMs;
  const slaBusiness = handoff.sla?.business === true ? { slaBusiness: true as const } : {};
  const handedOffFrom =
    slaWithinMs === undefined
      ? sources
      : sources.map((source) => ({ ...{}, ...source, slaWithinMs, ...slaBusiness }));
  return handoff.to
    .filter((stepId) => stepId !== END)
    .reduce((d, stepId) => activateStep(d, context, stepId, handedOffFrom), decision);
}

/**
 * Fires a handoff once its round is complete; an event-triggered one keeps waiting for its event.
 * The data contract is checked when the handoff fires, against the data merged so far: a join's
 * contract covers what all its branches deliver together, not what the first one brings.
 */
function fireIfReady(decision: RunningDecision, context: DecisionContext, handoff: Handoff): RunningDecision {
  const round = decision.state.handoffRounds[handoff.id];
  const ready = round !== undefined && !round.fired && joinSatisfied(handoff, round);
  if (!ready || handoff.trigger?.kind === 'event') return decision;
  requireHandoffContracts([handoff], decision.state.data);
  return activateTargets(decision, context, handoff, round.arrivals);
}

/**
 * Completes an activation and routes it: validates the output against the declared types, chooses
 * the handoffs, records StepCompleted with the handoffs taken, then fires those whose round is
 * complete (a simple handoff at once, a join when enough branches arrived; an event-triggered one
 * when its event arrives). A broken data contract refuses the whole command: no events.
 */
export function routeCompletion(
  decision: RunningDecision,
  context: DecisionContext,
  activation: OpenActivation,
  completion: Completion,
): RunningDecision {
  const { state } = decision;
  const step = requireStep(context.definition, activation.stepId);
  const outputProblems = fieldViolations(
    step.outputs,
    completion.output,
    `declared output of step ${step.id}`,
    false,
  );
  if (outputProblems.length > 0) throw invalid(C.outputInvalid, 'The step output is invalid', outputProblems);
  const data = { ...{}, ...state.data, ...completion.output };
  const taken = selectHandoffs(context.definition, step.id, completion.outcome, data);
  const completed = eventOf(context.metadata, 'StepCompleted', {
    instanceId: state.instanceId,
    activationId: activation.activationId,
    stepId: step.id,
    ...(completion.outcome !== undefined ? { outcome: completion.outcome } : {}),
    output: completion.output,
    ...(completion.personId !== undefined ? { personId: completion.personId } : {}),
    routedVia: taken.map((handoff) => handoff.id),
  });
  return taken.reduce((d, handoff) => fireIfReady(d, context, handoff), recordStepEvent(decision, completed));
}

/**
 * Completes the instance when nothing can move any more: no open activation and no handoff waiting
 * for an event. A join that is still short of arrivals at that point can never fire, so it does not
 * hold the instance open; `end` handoffs are where well-designed processes arrive at this state.
 */
export function completeIfDone(decision: Decision, context: DecisionContext): Decision {
  const { state } = decision;
  if (state.status !== 'running' || Object.keys(state.activations).length > 0) return decision;
  if (handoffsWaitingForEvent(state, context.definition).length > 0) return decision;
  return record(
    decision,
    eventOf(context.metadata, 'InstanceCompleted', { instanceId: state.instanceId, data: state.data }),
  );
}
