import { access, instance, stepById, type ProcessDefinition } from '@baton/domain';
import { callerOf, type CallContext } from '@baton/grpc-server';
import type { InstanceView } from './instance-view';

/**
 * The rule on the step a command addresses (docs/security.md): whether this caller may work,
 * assign, reassign or escalate that step. Checked once the instance is loaded, before deciding.
 * An activation that is not open is left to the decider, which says why it accepts nothing.
 * Commands Baton issues itself (triggers, timers) carry no grants and are not callers' choices.
 */
export function authorizeStepCommand(
  context: CallContext,
  command: instance.InstanceCommand,
  state: instance.InstanceState,
  definition: ProcessDefinition,
): void {
  const caller = callerOf(context);
  if (!caller || state.status !== 'running' || !('activationId' in command.data)) return;
  const activation = state.activations[command.data.activationId];
  const step = activation && stepById(definition, activation.stepId);
  if (activation && step)
    access.requireStepAccess(caller, command.type, access.stepResourceOf(activation, step));
}

/** Integrators read only the instances they started. */
export function authorizeInstanceRead(context: CallContext, view: InstanceView): void {
  const caller = callerOf(context);
  if (caller) access.requireInstanceRead(caller, view.startedBy);
}

/** Which instances ListInstances may show this caller (integrators: those they started). */
export function instanceListScopeOf(
  context: CallContext,
  r: { readonly startedBy: string },
): { readonly startedBy?: string } {
  const caller = callerOf(context);
  const asked = r.startedBy || undefined;
  if (!caller) return asked ? { startedBy: asked } : {};
  return access.instanceListScope(caller, asked);
}
