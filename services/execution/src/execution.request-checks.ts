import type { DataRecord } from '@baton/domain';
import { RequestCheck, type CallContext } from '@baton/grpc-server';

/** The fields every step command request has. */
export interface StepRequest {
  readonly instanceId: string;
  readonly activationId: string;
  readonly idempotencyKey: string;
  readonly expectedVersion?: string | undefined;
}

/** Longest free text (reasons) accepted. */
export const MAX_TEXT = 2_000;
/** Largest data or output accepted, as JSON: instance data lives in every fold of its stream. */
export const MAX_PAYLOAD_BYTES = 256 * 1024;
const MAX_KEY = 500;

export function checkVersion(check: RequestCheck, expected: string | undefined): RequestCheck {
  return check.require(
    expected === undefined || /^\d+$/.test(expected),
    'expected_version',
    'expected_version must be a non-negative integer',
  );
}

export function checkPayload(
  check: RequestCheck,
  value: DataRecord | undefined,
  field: string,
): RequestCheck {
  const size = value === undefined ? 0 : Buffer.byteLength(JSON.stringify(value));
  return check.require(
    size <= MAX_PAYLOAD_BYTES,
    field,
    `${field} is ${size} bytes, more than ${MAX_PAYLOAD_BYTES}`,
    'TOO_LARGE',
  );
}

/** Checks of every step command: instance, activation, key and version. */
export function stepCheck(r: StepRequest): RequestCheck {
  const check = new RequestCheck()
    .nonEmpty(r.instanceId, 'instance_id')
    .nonEmpty(r.activationId, 'activation_id')
    .maxLength(r.idempotencyKey, 'idempotency_key', MAX_KEY);
  return checkVersion(check, r.expectedVersion);
}

export function startCheck(r: {
  definitionId: string;
  businessKey: string;
  idempotencyKey: string;
  data?: DataRecord | undefined;
}): RequestCheck {
  const check = new RequestCheck()
    .nonEmpty(r.definitionId, 'definition_id')
    .nonEmpty(r.businessKey, 'business_key')
    .maxLength(r.businessKey, 'business_key', MAX_KEY)
    .maxLength(r.idempotencyKey, 'idempotency_key', MAX_KEY);
  return checkPayload(check, r.data, 'data');
}

export function reasonCheck(check: RequestCheck, reason: string): RequestCheck {
  return check.nonEmpty(reason, 'reason').maxLength(reason, 'reason', MAX_TEXT);
}

/** The person acting: the caller, unless anonymous. */
export const personOf = (ctx: CallContext): string | undefined =>
  ctx.actor && ctx.actor !== 'anonymous' ? ctx.actor : undefined;

export const expectedVersionOf = (
  r: StepRequest | { expectedVersion?: string | undefined },
): number | undefined => (r.expectedVersion === undefined ? undefined : Number(r.expectedVersion));
