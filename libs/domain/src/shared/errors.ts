/** Where in the input a problem is: a dotted/indexed path such as `steps[2].owner.team`. */
export interface FieldViolation {
  readonly field: string;
  readonly description: string;
  /** Stable machine-readable reason, e.g. `REQUIRED`, `TYPE_MISMATCH`. */
  readonly reason?: string;
}

/**
 * Base of every business-rule error. `code` is stable and dotted (`STEP.NOT_ACTIVE`): services map
 * it to gRPC status codes and integrators may match on it; `message` says what was wrong and what
 * is allowed.
 */
export abstract class DomainError extends Error {
  abstract readonly kind: 'validation' | 'illegal-state' | 'not-found' | 'conflict';
  protected constructor(
    readonly code: string,
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
    readonly violations: readonly FieldViolation[] = [],
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Input is malformed or breaks a contract (gRPC INVALID_ARGUMENT). */
export class ValidationError extends DomainError {
  readonly kind = 'validation' as const;
  constructor(code: string, message: string, violations: readonly FieldViolation[] = []) {
    super(code, message, {}, violations);
  }
}

/**
 * The command is not allowed in the current state (gRPC FAILED_PRECONDITION); `details` carries
 * the current state and the commands that are allowed.
 */
export class IllegalStateError extends DomainError {
  readonly kind = 'illegal-state' as const;
  constructor(
    code: string,
    message: string,
    details: { readonly currentState: string; readonly allowed: readonly string[] } & Record<string, unknown>,
  ) {
    super(code, message, details);
  }
}

/** A referenced thing does not exist (gRPC NOT_FOUND). */
export class NotFoundError extends DomainError {
  readonly kind = 'not-found' as const;
  constructor(code: string, message: string, details: Record<string, unknown> = {}) {
    super(code, message, details);
  }
}

/** Something with the same identity exists already (gRPC ALREADY_EXISTS). */
export class ConflictError extends DomainError {
  readonly kind = 'conflict' as const;
  constructor(code: string, message: string, details: Record<string, unknown> = {}) {
    super(code, message, details);
  }
}
