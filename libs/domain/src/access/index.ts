export { PERMISSIONS, isPermission, type Permission } from './permissions';
export { ROLES, ROLE_PERMISSIONS, isRole, permissionsOf, type Role } from './roles';
export { actsOnAnyResource, type Caller } from './caller';
export { PermissionDeniedError } from './errors';
export { RPC_PERMISSIONS, mayCall, permissionForRpc, requireRpcPermission } from './rpc-permissions';
export { requireStepAccess, stepResourceOf, type StepResource, type StepTarget } from './step-access';
export { instanceListScope, requireInstanceRead } from './instance-access';
export { requireAvailabilityChange } from './directory-access';
export {
  onAllProcesses,
  ownsProcess,
  processAnalyticsScope,
  requireDefinitionDeprecate,
  requireDefinitionPublish,
  requireProcessAnalytics,
  type OwnedProcess,
} from './definition-access';
export {
  DEFAULT_TENANT,
  TENANT_SEPARATOR,
  crossesTenants,
  isTenantId,
  requireCrossTenant,
  sameTenant,
  splitTenantScoped,
  tenantOr,
  tenantScoped,
} from './tenancy';
