import type { Caller } from './caller';
import { PermissionDeniedError } from './errors';
import { permissionsOf } from './roles';

/** The tenant of callers and events that name none (the development identity's default). */
export const DEFAULT_TENANT = 'default';

/**
 * Separates the tenant from a name callers choose (`acme/claims`). Tenant ids never contain it
 * (tokens' tenant claims are identifiers without `/`), nor do definition ids.
 */
export const TENANT_SEPARATOR = '/';

/** What a tenant id may be: the token verifier's identifier rule (never `/`, the separator). */
export const isTenantId = (value: string): boolean => /^[\w.@:+-]{1,200}$/.test(value);

/** The tenant an event or trigger names; empty or absent is the default tenant. */
export const tenantOr = (tenantId: string | undefined): string =>
  tenantId === undefined || tenantId === '' ? DEFAULT_TENANT : tenantId;

/**
 * A caller-chosen name (definition id, read-model key) made unique per tenant. The default
 * tenant's names stay as they were, so data stored before tenancy stays readable.
 */
export const tenantScoped = (tenantId: string, name: string): string =>
  tenantOr(tenantId) === DEFAULT_TENANT ? name : `${tenantId}${TENANT_SEPARATOR}${name}`;

/** The tenant and name of a scoped name (the inverse of `tenantScoped` for names without `/`). */
export function splitTenantScoped(scoped: string): { tenantId: string; name: string } {
  const at = scoped.lastIndexOf(TENANT_SEPARATOR);
  return at < 0
    ? { tenantId: DEFAULT_TENANT, name: scoped }
    : { tenantId: scoped.slice(0, at), name: scoped.slice(at + 1) };
}

/** Only a platform admin (the `tenant.cross` permission) lists across tenants. */
export const crossesTenants = (caller: Caller | undefined): boolean =>
  caller !== undefined && permissionsOf(caller.roles).has('tenant.cross');

/** A list across tenants (`all_tenants`): PERMISSION_DENIED without `tenant.cross`. */
export function requireCrossTenant(caller: Caller | undefined): void {
  if (!crossesTenants(caller))
    throw new PermissionDeniedError('tenant.cross', 'only a platform admin lists across tenants');
}

/**
 * Whether a resource recorded for `resourceTenant` exists for a caller of `callerTenant`: only
 * within the caller's own tenant (a platform admin's included; it crosses tenants only where a
 * request asks for every tenant). Anything else is answered as if it did not exist.
 */
export const sameTenant = (resourceTenant: string | undefined, callerTenant: string): boolean =>
  tenantOr(resourceTenant) === tenantOr(callerTenant);
