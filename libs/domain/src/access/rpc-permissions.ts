import { permissionsOf } from './roles';
import type { Caller } from './caller';
import { PermissionDeniedError } from './errors';
import type { Permission } from './permissions';

const definition = 'baton.definition.v1.DefinitionService/';
const execution = 'baton.execution.v1.ExecutionService/';
const ownership = 'baton.ownership.v1.OwnershipService/';
const analytics = 'baton.analytics.v1.AnalyticsService/';

/**
 * The permission each RPC requires, by its full name (`<package>.<Service>/<Method>`). A method
 * missing here is refused: a test fails when a proto service gains an RPC that is not listed.
 */
export const RPC_PERMISSIONS: Readonly<Record<string, Permission>> = {
  [`${definition}ValidateDefinition`]: 'definition.read',
  [`${definition}LintDefinition`]: 'definition.read',
  [`${definition}GetDefinition`]: 'definition.read',
  [`${definition}ListDefinitions`]: 'definition.read',
  [`${definition}PublishDefinition`]: 'definition.publish',
  [`${definition}DeprecateDefinition`]: 'definition.deprecate',

  [`${execution}StartInstance`]: 'instance.start',
  [`${execution}PublishTrigger`]: 'trigger.publish',
  [`${execution}GetInstance`]: 'instance.read',
  [`${execution}ListInstances`]: 'instance.list',
  [`${execution}CancelInstance`]: 'instance.cancel',
  [`${execution}VerifyAuditTrail`]: 'audit.read',
  [`${execution}ListWork`]: 'work.list',
  [`${execution}StartStep`]: 'step.work',
  [`${execution}CompleteStep`]: 'step.work',
  [`${execution}FailStep`]: 'step.work',
  [`${execution}RejectStep`]: 'step.work',
  [`${execution}AssignStep`]: 'step.assign',
  [`${execution}ReassignStep`]: 'step.reassign',
  [`${execution}MarkStepOverdue`]: 'step.mark-overdue',
  [`${execution}EscalateStep`]: 'step.escalate',

  [`${ownership}WhoOwns`]: 'directory.read',
  [`${ownership}GetWorkload`]: 'directory.read',
  [`${ownership}GetPerson`]: 'directory.read',
  [`${ownership}ListPeople`]: 'directory.read',
  [`${ownership}GetTeam`]: 'directory.read',
  [`${ownership}ListTeams`]: 'directory.read',
  [`${ownership}SetAvailability`]: 'availability.set',
  [`${ownership}RegisterPerson`]: 'directory.manage',
  [`${ownership}CreateTeam`]: 'directory.manage',
  [`${ownership}AddMember`]: 'directory.manage',
  [`${ownership}RemoveMember`]: 'directory.manage',
  [`${ownership}GrantRole`]: 'directory.manage',
  [`${ownership}RevokeRole`]: 'directory.manage',
  [`${ownership}SetAssignmentPolicy`]: 'directory.manage',
  [`${ownership}SetEscalationPolicy`]: 'directory.manage',
  [`${ownership}GetCalendar`]: 'directory.read',
  [`${ownership}ListCalendars`]: 'directory.read',
  [`${ownership}DefineCalendar`]: 'directory.manage',
  [`${ownership}UpdateCalendar`]: 'directory.manage',
  [`${ownership}AssignCalendar`]: 'directory.manage',

  [`${analytics}GetAuditTrail`]: 'audit.read',
  [`${analytics}GetHandoffStats`]: 'analytics.read',
  [`${analytics}GetStepStats`]: 'analytics.read',
  [`${analytics}GetCycleTimes`]: 'analytics.read',
  [`${analytics}GetBottlenecks`]: 'analytics.read',
  [`${analytics}GetSlaBreaches`]: 'analytics.read',
  [`${analytics}GetHandoverNetwork`]: 'analytics.read',
  [`${analytics}CompareVersions`]: 'analytics.read',
  [`${analytics}GetSinglePersonDependencies`]: 'analytics.read',
  [`${analytics}GetTeamQueues`]: 'analytics.read',
  [`${analytics}ImportEventLog`]: 'analytics.import',
};

/** The permission an RPC requires; undefined for a method Baton does not know (refuse it). */
export const permissionForRpc = (rpc: string): Permission | undefined =>
  Object.hasOwn(RPC_PERMISSIONS, rpc) ? RPC_PERMISSIONS[rpc] : undefined;

/** Whether the caller's roles grant what the RPC requires. */
export function mayCall(caller: Caller, rpc: string): boolean {
  const permission = permissionForRpc(rpc);
  return permission !== undefined && permissionsOf(caller.roles).has(permission);
}

/** Refuses an RPC whose permission none of the caller's roles grants, naming that permission. */
export function requireRpcPermission(caller: Caller, rpc: string): void {
  const permission = permissionForRpc(rpc);
  if (permission === undefined) throw new PermissionDeniedError('unknown', `${rpc} is not a Baton RPC`);
  if (!permissionsOf(caller.roles).has(permission)) throw new PermissionDeniedError(permission);
}
