import { actsOnAnyResource, type Caller } from './caller';
import { PermissionDeniedError } from './errors';
import { ROLE_PERMISSIONS } from './roles';

/**
 * Integrators read the instances they started; every other role that may read instances reads
 * all of its tenant's. (Whose tenant is the tenancy rules' concern, not this one's.)
 */
export function requireInstanceRead(caller: Caller, startedBy: string | undefined): void {
  if (actsOnAnyResource(caller) || startedBy === caller.subject) return;
  const readsAll = caller.roles.some(
    (role) => role !== 'integrator' && ROLE_PERMISSIONS[role].includes('instance.read'),
  );
  if (!readsAll) {
    throw new PermissionDeniedError('instance.read', 'integrators read the instances they started');
  }
}
