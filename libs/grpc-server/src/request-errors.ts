import { ValidationError, type FieldViolation } from '@baton/domain';

/** Bad input caught at the edge, before any use case ran: INVALID_ARGUMENT naming the fields. */
export class RequestError extends ValidationError {
  constructor(message: string, violations: readonly FieldViolation[]) {
    super('REQUEST.INVALID', message, violations);
  }
}

/** Collects field violations of one request, then throws them together. */
export class RequestCheck {
  private readonly violations: FieldViolation[] = [];

  /** Records a violation unless `ok`. */
  require(ok: boolean, field: string, description: string, reason = 'INVALID'): this {
    if (!ok) this.violations.push({ field, description, reason });
    return this;
  }

  /** Requires a non-blank string. */
  nonEmpty(value: string | undefined, field: string): this {
    return this.require((value ?? '').trim().length > 0, field, `${field} is required`, 'REQUIRED');
  }

  /** Requires a string of at most `max` characters. */
  maxLength(value: string | undefined, field: string, max: number): this {
    return this.require(
      (value ?? '').length <= max,
      field,
      `${field} is longer than ${max} characters`,
      'TOO_LONG',
    );
  }

  /** Throws a {@link RequestError} when any violation was recorded. */
  done(what: string): void {
    if (this.violations.length === 0) return;
    const fields = this.violations.map((v) => v.field).join(', ');
    throw new RequestError(`invalid ${what}: ${fields}`, this.violations);
  }
}
