import type { ExceptionCondition, ExceptionPath, ProcessDefinition } from '../../definition/model';
import {
  eventOf,
  record,
  recordStepEvent,
  type Decision,
  type DecisionContext,
  type RunningDecision,
} from '../decide/decision';
import type { OpenActivation, RunningInstance } from '../state';
import { activateStep } from './activate';

export interface StepFailure {
  readonly kind: ExceptionCondition;
  readonly reason: string;
  readonly outcome?: string;
  readonly errorCode?: string;
}

function matchingPaths(definition: ProcessDefinition, stepId: string, failure: StepFailure): ExceptionPath[] {
  return definition.exceptions.filter(
    (path) =>
      path.from === stepId &&
      path.on === failure.kind &&
      (path.outcomes.length === 0 ||
        (failure.outcome !== undefined && path.outcomes.includes(failure.outcome))),
  );
}

/** A loop's bound: rework always has one, an exception step when it leads back into the flow. */
function boundOf(path: ExceptionPath): number | undefined {
  if (path.action === 'rework' || path.action === 'exception-step') return path.maxIterations;
  return undefined;
}

/** A bound of 0 (none written; lint refuses to publish it) allows no loop, so nothing can spin forever. */
const isExhausted = (path: ExceptionPath, state: RunningInstance): boolean => {
  const bound = boundOf(path);
  return bound !== undefined && (state.exceptionPathsTaken[path.id] ?? 0) >= bound;
};

/**
 * Records a rejected or failed step and follows the first matching exception path, in definition
 * order. A rework (or looping exception-step) path whose `maxIterations` loops are used up is skipped, so a later matching path
 * is the documented fallback (e.g. an exception step or `cancel` after the third rejection); with
 * none left, or no matching path at all, the instance fails with the reason spelled out.
 */
export function followExceptionPath(
  decision: RunningDecision,
  context: DecisionContext,
  activation: OpenActivation,
  failure: StepFailure,
): Decision {
  const { state } = decision;
  const { activationId, stepId } = activation;
  const candidates = matchingPaths(context.definition, stepId, failure);
  const path = candidates.find((candidate) => !isExhausted(candidate, state));
  const failed = recordStepEvent(
    decision,
    eventOf(context.metadata, 'StepFailed', {
      instanceId: state.instanceId,
      activationId,
      stepId,
      kind: failure.kind,
      reason: failure.reason,
      ...(failure.outcome !== undefined ? { outcome: failure.outcome } : {}),
      ...(failure.errorCode !== undefined ? { errorCode: failure.errorCode } : {}),
      ...(path ? { exceptionPathId: path.id } : {}),
    }),
  );
  const stillOpen = Object.keys(failed.state.activations);
  const what = `step ${stepId} ${failure.kind === 'rejected' ? 'was rejected' : 'failed'}: ${failure.reason}`;

  if (!path) {
    const exhausted = candidates.filter((candidate) => isExhausted(candidate, state));
    const why =
      exhausted.length > 0
        ? `${what}; loop bound reached (${exhausted.map((p) => `${p.id} after ${boundOf(p)} iterations`).join(', ')})`
        : `${what}; no exception path handles it`;
    return record(
      failed,
      eventOf(context.metadata, 'InstanceFailed', {
        instanceId: state.instanceId,
        reason: why,
        activationId,
        cancelledActivationIds: stillOpen,
      }),
    );
  }
  switch (path.action) {
    case 'rework':
    case 'exception-step':
      // The exception path is the edge the target is handed off along (like a handoff id).
      return activateStep(failed, context, path.target, [
        {
          handoffId: path.id,
          fromStepId: stepId,
          fromActivationId: activationId,
          completedAt: context.metadata.now,
        },
      ]);
    case 'cancel':
      return record(
        failed,
        eventOf(context.metadata, 'InstanceCancelled', {
          instanceId: state.instanceId,
          reason: `${what} (exception path ${path.id})`,
          cancelledActivationIds: stillOpen,
          exceptionPathId: path.id,
        }),
      );
    case 'fail':
      return record(
        failed,
        eventOf(context.metadata, 'InstanceFailed', {
          instanceId: state.instanceId,
          reason: `${what} (exception path ${path.id})`,
          activationId,
          cancelledActivationIds: stillOpen,
        }),
      );
  }
}
