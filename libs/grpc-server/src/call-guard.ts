import { access } from '@baton/domain';
import type { Metadata } from '@grpc/grpc-js';
import { callContextOf, callerOf, type CallContext } from './call-context';

/** The caller could not be identified (missing, expired or invalid credentials): UNAUTHENTICATED. */
export class UnauthenticatedError extends Error {
  readonly code = 'AUTH.UNAUTHENTICATED';
  /** `reason` names the category of the problem only, never the credentials or the key. */
  constructor(reason: string) {
    super(reason);
    this.name = 'UnauthenticatedError';
  }
}

/** The caller is known but lacks a permission: PERMISSION_DENIED, naming the permission. */
export const PermissionDeniedError = access.PermissionDeniedError;
export type PermissionDeniedError = access.PermissionDeniedError;

/**
 * Who may call what. `authenticate` turns call metadata into the caller (throw, or reject with,
 * UnauthenticatedError); it may answer synchronously (a token it verified before) or with a
 * promise (a signature to check, a key set to fetch). `authorize` checks one RPC, named
 * `<package>.<Service>/<Method>`, for that caller (throw PermissionDeniedError).
 */
export interface CallGuard {
  authenticate(metadata: Metadata): CallContext | Promise<CallContext>;
  authorize(rpc: string, caller: CallContext): void;
}

/** Refuses an RPC whose permission the caller's grants lack (every guard's `authorize`). */
export function authorizeByRole(rpc: string, caller: CallContext): void {
  const who = callerOf(caller);
  if (!who) throw new PermissionDeniedError('unknown', 'the call carries no grants');
  access.requireRpcPermission(who, rpc);
}

const DEVELOPER: CallContext['grants'] = { roles: ['admin'], teams: [] };

/**
 * The development identity: no credentials, every caller an admin of the tenant it names in
 * `x-baton-tenant`, acting as whom it names in `x-baton-actor`. Only for embedded mode on a
 * loopback address, or where BATON_AUTH_INSECURE_DEV=true says so (docs/security.md).
 */
export const developmentCallGuard: CallGuard = {
  authenticate: (metadata) => {
    const context = callContextOf(metadata);
    // Tenant ids go into stream names: the same rule as for a token's tenant claim.
    if (!access.isTenantId(context.tenantId))
      throw new UnauthenticatedError('x-baton-tenant is not a tenant id');
    return { ...{}, ...context, grants: DEVELOPER };
  },
  authorize: authorizeByRole,
};
