/**
 * The caller is known but may not do this (gRPC PERMISSION_DENIED). `permission` names what was
 * missing; `reason`, when given, says which rule on the resource refused it, in terms that reveal
 * nothing the caller could not already see.
 */
export class PermissionDeniedError extends Error {
  readonly code = 'AUTH.PERMISSION_DENIED';
  constructor(
    readonly permission: string,
    readonly reason?: string,
  ) {
    super(
      reason ? `permission ${permission} is required: ${reason}` : `permission ${permission} is required`,
    );
    this.name = 'PermissionDeniedError';
  }
}
