import type { Metadata } from '@grpc/grpc-js';
import { callContextOf, type CallContext } from './call-context';

/** The caller could not be identified (missing, expired or invalid credentials): UNAUTHENTICATED. */
export class UnauthenticatedError extends Error {
  readonly code = 'AUTH.UNAUTHENTICATED';
  constructor(reason: string) {
    super(reason);
    this.name = 'UnauthenticatedError';
  }
}

/** The caller is known but lacks a permission: PERMISSION_DENIED, naming the permission. */
export class PermissionDeniedError extends Error {
  readonly code = 'AUTH.PERMISSION_DENIED';
  constructor(readonly permission: string) {
    super(`permission ${permission} is required`);
    this.name = 'PermissionDeniedError';
  }
}

/**
 * Who may call what. `authenticate` turns call metadata into the caller (throw
 * UnauthenticatedError); `authorize` checks one method for that caller (throw
 * PermissionDeniedError). The default trusts metadata and allows everything, until issue 9's
 * token verification and role rules plug in here.
 */
export interface CallGuard {
  authenticate(metadata: Metadata): CallContext;
  authorize(method: string, caller: CallContext): void;
}

export const openCallGuard: CallGuard = {
  authenticate: callContextOf,
  authorize: () => undefined,
};
