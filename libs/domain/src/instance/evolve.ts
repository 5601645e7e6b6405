import type { HandoffSource, InstanceEvent } from './events';
import { handoffClockKey } from './handoff-clocks';
import { arrive, markFired } from './handoff-rounds';
import type { ClosedActivationStatus, InstanceState, OpenActivation, RunningInstance } from './state';

/**
 * Folds one event into the state. Total and pure: unknown or out-of-place events leave the state
 * as it is, so replaying any stream never throws. Rules live in `decide`; this only records facts.
 */
export function evolve(state: InstanceState, event: InstanceEvent): InstanceState {
  const next = apply(state, event);
  const key = event.idempotencyKey;
  // Every event of a command carries its key: recorded once.
  if (key === undefined || next.status === 'not-started' || next.processedIdempotencyKeys.includes(key))
    return next;
  return { ...{}, ...next, processedIdempotencyKeys: [...next.processedIdempotencyKeys, key] };
}

export const evolveAll = (state: InstanceState, events: readonly InstanceEvent[]): InstanceState =>
  events.reduce(evolve, state);

function apply(state: InstanceState, event: InstanceEvent): InstanceState {
  if (event.type === 'InstanceStarted') {
    if (state.status !== 'not-started') return state;
    const { instanceId, definitionId, definitionVersion, businessKey, data, triggerType } = event.data;
    return {
      status: 'running',
      instanceId,
      definitionId,
      definitionVersion,
      businessKey,
      ...(triggerType !== undefined ? { triggerType } : {}),
      startedAt: event.at,
      data,
      activations: {},
      closedActivations: {},
      handoffRounds: {},
      attempts: {},
      exceptionPathsTaken: {},
      handoffAlerts: {},
      processedIdempotencyKeys: [],
    };
  }
  return state.status === 'running' ? applyToRunning(state, event) : state;
}

function applyToRunning(state: RunningInstance, event: InstanceEvent): InstanceState {
  switch (event.type) {
    case 'StepActivated': {
      const { activationId, stepId, stepKind, attempt, handedOffFrom, dueAt } = event.data;
      const activation: OpenActivation = {
        status: 'activated',
        activationId,
        stepId,
        stepKind,
        attempt,
        activatedAt: event.at,
        handedOffFrom,
        ...(dueAt !== undefined ? { dueAt } : {}),
        escalationLevel: 0,
      };
      return {
        ...{},
        ...state,
        activations: { ...{}, ...state.activations, [activationId]: activation },
        attempts: { ...{}, ...state.attempts, [stepId]: Math.max(state.attempts[stepId] ?? 0, attempt) },
        handoffRounds: markFired(
          state.handoffRounds,
          handedOffFrom.map((source) => source.handoffId),
        ),
      };
    }
    case 'StepAssigned':
      return updateActivation(state, event.data.activationId, (a) => ({
        ...{},
        ...a,
        status: a.status === 'started' ? 'started' : 'assigned',
        assigneeId: event.data.personId,
        ...(event.data.teamId !== undefined ? { teamId: event.data.teamId } : {}),
      }));
    case 'StepStarted':
      return updateActivation(state, event.data.activationId, (a) => {
        const assigneeId = event.data.personId ?? (a.status === 'activated' ? undefined : a.assigneeId);
        return { ...{}, ...a, status: 'started', ...(assigneeId !== undefined ? { assigneeId } : {}) };
      });
    case 'StepReassigned':
      return updateActivation(state, event.data.activationId, (a) => reassign(a, event.data.toPersonId));
    case 'StepOverdue':
      return updateActivation(state, event.data.activationId, (a) => ({
        ...{},
        ...a,
        overdueSince: event.at,
      }));
    case 'StepEscalated': {
      const { activationId, level, action, toPersonId } = event.data;
      return updateActivation(state, activationId, (a) => {
        const escalated = { ...{}, ...a, escalationLevel: level };
        return action === 'reassign' && toPersonId !== undefined
          ? reassign(escalated, toPersonId)
          : escalated;
      });
    }
    case 'StepCompleted': {
      const { activationId, stepId, output, routedVia = [] } = event.data;
      const closed = close(state, activationId, 'completed');
      const source: HandoffSource = {
        handoffId: '',
        fromStepId: stepId,
        fromActivationId: activationId,
        completedAt: event.at,
      };
      let rounds = closed.handoffRounds;
      for (const handoffId of routedVia) rounds = arrive(rounds, { ...{}, ...source, handoffId });
      return { ...{}, ...closed, data: { ...{}, ...closed.data, ...output }, handoffRounds: rounds };
    }
    case 'StepFailed': {
      const closed = close(state, event.data.activationId, 'failed');
      const pathId = event.data.exceptionPathId;
      if (pathId === undefined) return closed;
      const taken = {
        ...{},
        ...closed.exceptionPathsTaken,
        [pathId]: (closed.exceptionPathsTaken[pathId] ?? 0) + 1,
      };
      return { ...{}, ...closed, exceptionPathsTaken: taken };
    }
    case 'HandoffAtRisk':
    case 'HandoffBreached': {
      const key = handoffClockKey(event.data);
      // A breach is the last word: an at-risk recorded after it (never decided) changes nothing.
      if (state.handoffAlerts[key] === 'breached') return state;
      const alert = event.type === 'HandoffBreached' ? 'breached' : 'at-risk';
      return { ...{}, ...state, handoffAlerts: { ...{}, ...state.handoffAlerts, [key]: alert } };
    }
    case 'TriggerCorrelated': {
      const { payload, handoffId } = event.data;
      const rounds =
        handoffId !== undefined ? markFired(state.handoffRounds, [handoffId]) : state.handoffRounds;
      return { ...{}, ...state, data: { ...{}, ...state.data, ...payload }, handoffRounds: rounds };
    }
    case 'InstanceCompleted':
      return { ...{}, ...state, status: 'completed', endedAt: event.at, data: event.data.data };
    case 'InstanceCancelled':
      return { ...{}, ...closeAll(state), status: 'cancelled', endedAt: event.at, reason: event.data.reason };
    case 'InstanceFailed':
      return { ...{}, ...closeAll(state), status: 'failed', endedAt: event.at, reason: event.data.reason };
    default:
      return state;
  }
}

function updateActivation(
  state: RunningInstance,
  activationId: string,
  update: (activation: OpenActivation) => OpenActivation,
): RunningInstance {
  const activation = state.activations[activationId];
  if (!activation) return state;
  return {
    ...{},
    ...state,
    activations: { ...{}, ...state.activations, [activationId]: update(activation) },
  };
}

/** A reassignment moves the work, not its progress: a started step stays started. */
function reassign(activation: OpenActivation, toPersonId: string): OpenActivation {
  return activation.status === 'started'
    ? { ...{}, ...activation, assigneeId: toPersonId }
    : { ...{}, ...activation, status: 'assigned', assigneeId: toPersonId };
}

function close(
  state: RunningInstance,
  activationId: string,
  status: ClosedActivationStatus,
): RunningInstance {
  const activation = state.activations[activationId];
  if (!activation) return state;
  const { [activationId]: _closed, ...open } = state.activations;
  const closedActivations = {
    ...{},
    ...state.closedActivations,
    [activationId]: { stepId: activation.stepId, status },
  };
  return { ...{}, ...state, activations: open, closedActivations };
}

function closeAll(state: RunningInstance): RunningInstance {
  return Object.keys(state.activations).reduce((s, id) => close(s, id, 'cancelled'), state);
}
