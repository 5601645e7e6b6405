import type { OwnerSpec, Step, StepKind } from '../definition/model';
import type { InstanceCommandType } from '../instance/commands';
import type { OpenActivation } from '../instance/state';
import { actsOnAnyResource, type Caller } from './caller';
import { PermissionDeniedError } from './errors';
import type { Permission } from './permissions';

/** What the access rules need to know about one open step activation. */
export interface StepResource {
  readonly stepKind: StepKind;
  /** The person holding the step; absent while it waits to be assigned or claimed. */
  readonly assigneeId?: string;
  /** The team it was assigned within, else the team that owns the step. */
  readonly teamId?: string;
  readonly owner?: OwnerSpec;
}

export function stepResourceOf(activation: OpenActivation, step: Step): StepResource {
  const assigneeId = activation.status === 'activated' ? undefined : activation.assigneeId;
  const assignedTeam = activation.status === 'activated' ? undefined : activation.teamId;
  const teamId = assignedTeam ?? (step.owner?.kind === 'team' ? step.owner.teamId : undefined);
  return {
    stepKind: step.kind,
    ...(assigneeId !== undefined ? { assigneeId } : {}),
    ...(teamId !== undefined ? { teamId } : {}),
    ...(step.owner ? { owner: step.owner } : {}),
  };
}

/** The step commands a caller sends, and the permission each one needs. */
const STEP_PERMISSION: Partial<Record<InstanceCommandType, Permission>> = {
  StartStep: 'step.work',
  CompleteStep: 'step.work',
  FailStep: 'step.work',
  RejectStep: 'step.work',
  AssignStep: 'step.assign',
  ReassignStep: 'step.reassign',
  EscalateStep: 'step.escalate',
  MarkStepOverdue: 'step.mark-overdue',
};

/**
 * Why a worker may not claim an unassigned step, or undefined when it may: the step is owned by
 * the caller, by one of the caller's teams, or by no one in particular. Role- and data-owned
 * steps are left to ownership's assignment (the token does not say who holds a directory role).
 */
function claimRefusal(caller: Caller, step: StepResource): string | undefined {
  const owner = step.owner;
  if (step.teamId !== undefined && caller.teams.includes(step.teamId)) return undefined;
  if (owner === undefined) return undefined;
  if (owner.kind === 'person' && owner.personId === caller.subject) return undefined;
  return owner.kind === 'team'
    ? "the step is claimable by its owning team's members only"
    : 'the step waits to be assigned to its owner';
}

/** Workers act on steps assigned to them or claimable by them; systems run automated steps. */
function workRefusal(caller: Caller, step: StepResource): string | undefined {
  if (step.assigneeId !== undefined) {
    return step.assigneeId === caller.subject ? undefined : 'the step is assigned to someone else';
  }
  if (step.stepKind === 'automated') {
    return caller.roles.includes('integrator') ? undefined : 'automated steps are run by integrators';
  }
  const asPerson = caller.roles.includes('worker') || caller.roles.includes('team-lead');
  return asPerson ? claimRefusal(caller, step) : 'only people claim unassigned steps';
}

/**
 * Where an assignment, reassignment or escalation sends the step: the person, the team it is
 * assigned within when the command names one, and the teams the directory lists the person in
 * (the caller's own teams come from its token).
 */
export interface StepTarget {
  readonly personId: string;
  readonly teamId?: string;
  readonly personTeams: readonly string[];
}

/** Why a team lead may not send the step to `target`, or undefined: it stays within their team. */
function targetRefusal(caller: Caller, step: StepResource, target: StepTarget): string | undefined {
  const team = target.teamId ?? step.teamId;
  if (team === undefined || !caller.teams.includes(team)) {
    return 'team leads assign within their own teams only';
  }
  const teams = target.personId === caller.subject ? caller.teams : target.personTeams;
  return teams.includes(team) ? undefined : `the new assignee must be a member of team ${team}`;
}

/**
 * Team leads assign, reassign and escalate the steps of their own teams, to members of that
 * team; Baton's services anywhere.
 */
function teamRefusal(caller: Caller, step: StepResource, target: StepTarget | undefined): string | undefined {
  if (caller.roles.includes('service')) return undefined;
  if (step.teamId === undefined || !caller.teams.includes(step.teamId)) {
    return 'team leads act on the steps of their own teams only';
  }
  return target === undefined ? undefined : targetRefusal(caller, step, target);
}

/**
 * Refuses a step command the caller may not send for this step (PERMISSION_DENIED naming the
 * permission and the rule). The RPC's own permission is checked before, at the call; this is
 * the rule on the resource, checked once the step has been loaded. `target` is where an
 * assignment, reassignment or escalation sends the step, when it names a person.
 */
export function requireStepAccess(
  caller: Caller,
  command: InstanceCommandType,
  step: StepResource,
  target?: StepTarget,
): void {
  const permission = STEP_PERMISSION[command];
  if (permission === undefined || actsOnAnyResource(caller)) return;
  let refusal: string | undefined;
  switch (permission) {
    case 'step.work':
      refusal = workRefusal(caller, step);
      break;
    case 'step.assign':
    case 'step.reassign':
    case 'step.escalate':
      refusal = teamRefusal(caller, step, target);
      break;
    default:
      refusal = undefined;
  }
  if (refusal !== undefined) throw new PermissionDeniedError(permission, refusal);
}
