import { actsOnAnyResource, type Caller } from './caller';
import { PermissionDeniedError } from './errors';
import { ROLE_PERMISSIONS } from './roles';

/** Whether one of the caller's roles grants `permission` on every instance of its tenant. */
const onAllInstances = (caller: Caller, permission: 'instance.read' | 'instance.list'): boolean =>
  actsOnAnyResource(caller) ||
  caller.roles.some((role) => role !== 'integrator' && ROLE_PERMISSIONS[role].includes(permission));

/**
 * Integrators read the instances they started; every other role that may read instances reads
 * all of its tenant's. (Whose tenant is the tenancy rules' concern, not this one's.)
 */
export function requireInstanceRead(caller: Caller, startedBy: string | undefined): void {
  if (startedBy === caller.subject || onAllInstances(caller, 'instance.read')) return;
  throw new PermissionDeniedError('instance.read', 'integrators read the instances they started');
}

/**
 * Which instances a list may show: all of the tenant's for roles that list them all, only those
 * the caller started for integrators. `startedBy` is the filter the caller asked for; an
 * integrator asking for someone else's is refused rather than shown an empty page.
 */
export function instanceListScope(
  caller: Caller,
  startedBy: string | undefined,
): { readonly startedBy?: string } {
  if (onAllInstances(caller, 'instance.list')) return startedBy ? { startedBy } : {};
  if (startedBy && startedBy !== caller.subject) {
    throw new PermissionDeniedError('instance.list', 'integrators list the instances they started');
  }
  return { startedBy: caller.subject };
}
