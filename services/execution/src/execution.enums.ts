import { executionV1 } from '@baton/contracts';
import type { ActivationState, InstanceViewState } from './instances/instance-view';
import type { TriggerDisposition } from './triggers/trigger-processor';

const { InstanceState, StepState, TriggerDisposition: D } = executionV1;

export const dispositions: Record<TriggerDisposition, executionV1.TriggerDisposition> = {
  accepted: D.TRIGGER_DISPOSITION_ACCEPTED,
  duplicate: D.TRIGGER_DISPOSITION_DUPLICATE,
  unmatched: D.TRIGGER_DISPOSITION_UNMATCHED,
  rejected: D.TRIGGER_DISPOSITION_REJECTED,
};

const instanceStates: ReadonlyMap<executionV1.InstanceState, InstanceViewState> = new Map([
  [InstanceState.INSTANCE_STATE_RUNNING, 'running'],
  [InstanceState.INSTANCE_STATE_COMPLETED, 'completed'],
  [InstanceState.INSTANCE_STATE_CANCELLED, 'cancelled'],
  [InstanceState.INSTANCE_STATE_FAILED, 'failed'],
]);

const stepStates: ReadonlyMap<executionV1.StepState, ActivationState> = new Map([
  [StepState.STEP_STATE_ACTIVATED, 'activated'],
  [StepState.STEP_STATE_ASSIGNED, 'assigned'],
  [StepState.STEP_STATE_STARTED, 'started'],
]);

export const instanceStatesOf = (states: readonly executionV1.InstanceState[]): InstanceViewState[] =>
  states.flatMap((s) => instanceStates.get(s) ?? []);

export const stepStatesOf = (states: readonly executionV1.StepState[]): ActivationState[] =>
  states.flatMap((s) => stepStates.get(s) ?? []);
