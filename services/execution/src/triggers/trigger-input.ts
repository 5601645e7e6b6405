import { commonV1 } from '@baton/contracts';
import type { DataRecord, FieldViolation } from '@baton/domain';
import { DEFAULT_MAX_FIELD_BYTES, fieldOutOfBounds } from '@baton/grpc-server';
import { MessageHeaders, type IncomingMessage } from '@baton/messaging';

/** A trigger as execution processes it, from Kafka (protobuf or JSON) or PublishTrigger. */
export interface TriggerInput {
  readonly type: string;
  readonly correlationKey: string;
  readonly idempotencyKey: string;
  readonly occurredAt?: Date;
  readonly payload: DataRecord;
  readonly tenantId?: string;
  readonly source?: string;
}

/** A trigger message that cannot be read or lacks required fields: dead-lettered at once. */
export class MalformedTriggerError extends Error {
  constructor(
    message: string,
    readonly violations: readonly FieldViolation[] = [],
  ) {
    super(message);
    this.name = 'MalformedTriggerError';
  }
}

/** The fields a trigger must carry. */
export function triggerViolations(t: Partial<TriggerInput>): FieldViolation[] {
  const violations: FieldViolation[] = [];
  for (const [field, value] of [
    ['type', t.type],
    ['correlation_key', t.correlationKey],
    ['idempotency_key', t.idempotencyKey],
  ] as const) {
    if (typeof value !== 'string' || value.trim() === '') {
      violations.push({ field, description: `${field} is required`, reason: 'REQUIRED' });
    }
  }
  if (
    t.payload !== undefined &&
    (typeof t.payload !== 'object' || t.payload === null || Array.isArray(t.payload))
  ) {
    violations.push({ field: 'payload', description: 'payload must be an object', reason: 'INVALID' });
  }
  return violations;
}

/** The generated TriggerEvent message as input. */
export function fromTriggerEvent(event: commonV1.TriggerEvent): TriggerInput {
  return {
    type: event.type,
    correlationKey: event.correlationKey,
    idempotencyKey: event.idempotencyKey,
    ...(event.occurredAt ? { occurredAt: event.occurredAt } : {}),
    payload: (event.payload ?? {}) as DataRecord,
    ...(event.tenantId ? { tenantId: event.tenantId } : {}),
    ...(event.source ? { source: event.source } : {}),
  };
}

const header = (message: IncomingMessage, name: string): string | undefined =>
  Object.entries(message.headers).find(([k]) => k.toLowerCase() === name)?.[1];

/**
 * Reads a message of `baton.triggers.v1`: a protobuf TriggerEvent, or with content type
 * `application/json` the JSON form `{type, correlationKey, idempotencyKey, occurredAt, payload}`.
 */
export function decodeTriggerMessage(
  message: IncomingMessage,
  maxFieldBytes: number = DEFAULT_MAX_FIELD_BYTES,
): TriggerInput {
  const contentType = (header(message, MessageHeaders.contentType) ?? '').toLowerCase();
  let input: TriggerInput;
  if (contentType.startsWith('application/json')) {
    let json: unknown;
    try {
      json = JSON.parse(message.value.toString('utf8'));
    } catch (error) {
      // The parser's message can quote the text around the error: a payload's values, which go
      // no further than the dead-letter topic itself (the reason is logged and traced).
      const at = /at position \d+/.exec(String(error))?.[0];
      throw new MalformedTriggerError(`the trigger is not valid JSON${at ? ` (${at})` : ''}`);
    }
    if (typeof json !== 'object' || json === null || Array.isArray(json)) {
      throw new MalformedTriggerError('the trigger is not a JSON object');
    }
    const j = json as Record<string, unknown>;
    const occurredAt = typeof j['occurredAt'] === 'string' ? new Date(j['occurredAt']) : undefined;
    input = {
      type: j['type'] as string,
      correlationKey: j['correlationKey'] as string,
      idempotencyKey: j['idempotencyKey'] as string,
      ...(occurredAt && !Number.isNaN(occurredAt.getTime()) ? { occurredAt } : {}),
      payload: (j['payload'] ?? {}) as DataRecord,
      ...(typeof j['tenantId'] === 'string' ? { tenantId: j['tenantId'] } : {}),
      ...(typeof j['source'] === 'string' ? { source: j['source'] } : {}),
    };
  } else {
    try {
      input = fromTriggerEvent(commonV1.TriggerEvent.decode(message.value));
    } catch (error) {
      throw new MalformedTriggerError(`the trigger is not a baton.common.v1.TriggerEvent: ${String(error)}`);
    }
  }
  const violations = triggerViolations(input);
  if (violations.length > 0) {
    throw new MalformedTriggerError(
      `the trigger lacks ${violations.map((v) => v.field).join(', ')}`,
      violations,
    );
  }
  // The bounds of a gRPC request (BATON_MAX_FIELD_BYTES, nesting): a trigger from Kafka starts
  // instances with its payload just as StartInstance does.
  const outOfBounds = fieldOutOfBounds(input, maxFieldBytes);
  if (outOfBounds) {
    throw new MalformedTriggerError(`the trigger's ${outOfBounds.field} ${outOfBounds.description}`, [
      outOfBounds,
    ]);
  }
  return input;
}
