import { instance, type DataRecord, type ProcessDefinition } from '@baton/domain';

/** The key a trigger is looked up by: its type and correlation key. */
export const waitKey = (type: string, correlationKey: string): string => `${type}\n${correlationKey}`;

const valueOf = (data: DataRecord, field: string): string | undefined => {
  const value = data[field];
  return value === undefined || value === null ? undefined : String(value);
};

/**
 * What a running instance waits for: its open wait-for-event steps and its event-triggered
 * handoffs whose join is satisfied, each as (trigger type, correlation value from the data).
 */
export function waitKeysOf(state: instance.InstanceState, definition: ProcessDefinition): string[] {
  if (state.status !== 'running') return [];
  const keys: string[] = [];
  for (const activation of Object.values(state.activations)) {
    const step = definition.steps.find((s) => s.id === activation.stepId);
    if (step?.kind !== 'wait-for-event') continue;
    const value = valueOf(state.data, step.correlationKey);
    if (value !== undefined) keys.push(waitKey(step.event, value));
  }
  for (const handoff of instance.handoffsWaitingForEvent(state, definition)) {
    if (handoff.trigger?.kind !== 'event') continue;
    const value = valueOf(state.data, handoff.trigger.correlationKey);
    if (value !== undefined) keys.push(waitKey(handoff.trigger.event, value));
  }
  return keys;
}
