import { access, instance, stepById, type ProcessDefinition } from '@baton/domain';
import { callerOf, type CallContext } from '@baton/grpc-server';
import type { InstanceView } from './instance-view';

/** The directory's teams of a person of the instance's tenant (execution's TeamRoster). */
export type TeamsOf = (personId: string) => readonly string[];

/** The person (and team) an assignment, reassignment or escalation sends the step to, if it names one. */
function recipientOf(command: instance.InstanceCommand): { personId: string; teamId?: string } | undefined {
  switch (command.type) {
    case 'AssignStep':
      return command.data.teamId
        ? { personId: command.data.personId, teamId: command.data.teamId }
        : { personId: command.data.personId };
    case 'ReassignStep':
      return { personId: command.data.toPersonId };
    case 'EscalateStep':
      return command.data.toPersonId ? { personId: command.data.toPersonId } : undefined;
    default:
      return undefined;
  }
}

function targetOf(command: instance.InstanceCommand, teamsOf: TeamsOf): access.StepTarget | undefined {
  const to = recipientOf(command);
  return to && { ...{}, ...to, personTeams: teamsOf(to.personId) };
}

/**
 * The rule on the step a command addresses (docs/security.md): whether this caller may work,
 * assign, reassign or escalate that step, and send it to that person. Checked once the instance
 * is loaded, before deciding. An activation that is not open is left to the decider, which says
 * why it accepts nothing. Commands Baton issues itself (triggers, timers) carry no grants and
 * are not callers' choices.
 */
export function authorizeStepCommand(
  context: CallContext,
  command: instance.InstanceCommand,
  state: instance.InstanceState,
  definition: ProcessDefinition,
  teamsOf: TeamsOf = () => [],
): void {
  const caller = callerOf(context);
  if (!caller || state.status !== 'running' || !('activationId' in command.data)) return;
  const activation = state.activations[command.data.activationId];
  const step = activation && stepById(definition, activation.stepId);
  if (activation && step) {
    const resource = access.stepResourceOf(activation, step);
    access.requireStepAccess(caller, command.type, resource, targetOf(command, teamsOf));
  }
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
