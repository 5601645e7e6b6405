import type { FieldViolation } from '@baton/domain';
import type { ServiceDefinition } from '@grpc/grpc-js';
import { RequestError } from './request-errors';

/** Marks a request whose bytes did not decode (see {@link decodingTolerantDefinition}). */
const UNDECODABLE = Symbol('baton.undecodableRequest');

/**
 * The service definition with request decoding that never throws: grpc-js answers INTERNAL when
 * a request's bytes are not a valid message, which is the caller's mistake, not the server's.
 * The failure travels to the handler as a marker, and {@link refuseUndecodable} refuses it with
 * INVALID_ARGUMENT after the caller was authenticated like any other.
 */
export function decodingTolerantDefinition(
  definition: ServiceDefinition,
  maxFieldBytes: number = maxFieldBytesFromEnv(),
): ServiceDefinition {
  const bounds: Bounds = { maxFieldBytes };
  return Object.fromEntries(
    Object.entries(definition).map(([name, method]) => [
      name,
      {
        ...{},
        ...method,
        requestDeserialize: (bytes: Buffer) => {
          try {
            const request: unknown = method.requestDeserialize(bytes);
            const violation = outOfBounds(request, bounds, EXEMPT_FROM_FIELD_SIZE);
            return violation === undefined ? request : { [UNDECODABLE]: violation };
          } catch (error) {
            const reason = error instanceof Error ? error.message : String(error);
            return {
              [UNDECODABLE]: {
                field: 'request',
                description: `does not decode: ${reason}`,
                reason: 'MALFORMED',
              },
            };
          }
        },
      },
    ]),
  );
}

const snakeCase = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/**
 * How deep a request may nest, its data fields (instance data, step outputs, trigger payloads:
 * google.protobuf.Struct, decoded to plain objects) included. Baton's own messages nest under ten
 * levels; deeper data is refused, naming the field, before code that walks it recursively sees
 * it (the generated decoders stop at 100 message levels, about 33 levels of JSON data).
 */
export const MAX_REQUEST_DEPTH = 24;

/** The default of `BATON_MAX_FIELD_BYTES`: the largest single string or bytes field of a request. */
export const DEFAULT_MAX_FIELD_BYTES = 64 * 1024;

/** `BATON_MAX_FIELD_BYTES` (a positive integer) or {@link DEFAULT_MAX_FIELD_BYTES}. */
export function maxFieldBytesFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env['BATON_MAX_FIELD_BYTES'];
  if (raw === undefined || raw === '') return DEFAULT_MAX_FIELD_BYTES;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new Error(`BATON_MAX_FIELD_BYTES must be a positive number of bytes, got '${raw}'`);
  }
  return value;
}

interface Bounds {
  readonly maxFieldBytes: number;
}

/** Fields (camelCase paths from the request's top, `true` at the field) exempt from the field size. */
type Exempt = { readonly [key: string]: Exempt | true };

/**
 * A definition's source text (1 MiB and 64 levels, checked by the definition service) and an
 * event log import's chunks (a stream: its size is the client's choice, bounded by the message).
 */
const EXEMPT_FROM_FIELD_SIZE: Exempt = { source: { text: true }, chunk: true };

const exemptAt = (exempt: Exempt | true | undefined, key: string): Exempt | true | undefined =>
  exempt === true || exempt === undefined || !Object.hasOwn(exempt, key) ? undefined : exempt[key];

/** UTF-8 bytes of a string, counted only when its length could exceed the bound (≤ 3 bytes a code unit). */
const tooLong = (text: string, max: number) => text.length * 3 > max && Buffer.byteLength(text, 'utf8') > max;

/**
 * U+0000 in any string: PostgreSQL keeps it neither in text nor in jsonb, so a request carrying
 * one failed there as INTERNAL (found by the distributed request fuzz); refused in both modes.
 */
const NUL: FieldViolation = { field: '', description: 'contains U+0000 (NUL)', reason: 'INVALID' };

const tooLarge = (max: number): FieldViolation => ({
  field: '',
  description: `is larger than ${max} bytes (BATON_MAX_FIELD_BYTES)`,
  reason: 'TOO_LARGE',
});

/**
 * The first field (snake_case path) of a decoded request that is out of bounds, and why: a string
 * or bytes field (or a data key) larger than `maxFieldBytes`, except the fields `exempt` names, or
 * a string holding U+0000; nested
 * deeper than {@link MAX_REQUEST_DEPTH}; or a google.protobuf.Timestamp that decoded to an invalid
 * Date (protobuf allows any int64 seconds on the wire, and NaN times later failed in storage
 * queries as INTERNAL: found by fuzzing against PostgreSQL). Recursive, but never deeper than the
 * limit; the path is built only on the way back from a violation (no cost per field).
 */
function outOfBounds(
  value: unknown,
  bounds: Bounds,
  exempt: Exempt | true | undefined,
  depth = 0,
): FieldViolation | undefined {
  if (typeof value === 'string') {
    if (exempt !== true && tooLong(value, bounds.maxFieldBytes)) return tooLarge(bounds.maxFieldBytes);
    return value.includes('\0') ? NUL : undefined;
  }
  if (value instanceof Date) {
    return Number.isNaN(value.getTime())
      ? { field: '', description: 'is a timestamp outside the years 0001-9999', reason: 'OUT_OF_RANGE' }
      : undefined;
  }
  if (ArrayBuffer.isView(value)) {
    return exempt !== true && value.byteLength > bounds.maxFieldBytes
      ? tooLarge(bounds.maxFieldBytes)
      : undefined;
  }
  if (!value || typeof value !== 'object') return undefined;
  if (depth >= MAX_REQUEST_DEPTH)
    return { field: '', description: `nests deeper than ${MAX_REQUEST_DEPTH} levels`, reason: 'TOO_DEEP' };
  const isArray = Array.isArray(value);
  for (const key in value) {
    // A key is data too (a Struct's field names): bounded like a value.
    const keyTooLong = tooLong(key, bounds.maxFieldBytes);
    const found = keyTooLong
      ? tooLarge(bounds.maxFieldBytes)
      : key.includes('\0')
        ? NUL
        : outOfBounds((value as Record<string, unknown>)[key], bounds, exemptAt(exempt, key), depth + 1);
    if (found) {
      // A key too long is named by its start: the message must stay small.
      const step = isArray ? `[${key}]` : keyTooLong ? `${key.slice(0, 32)}…` : snakeCase(key);
      const field =
        found.field === ''
          ? step
          : found.field.startsWith('[')
            ? step + found.field
            : `${step}.${found.field}`;
      return { ...{}, ...found, field };
    }
  }
  return undefined;
}

/**
 * The first field of `message` (a decoded request, or data that arrives another way: a trigger
 * read from Kafka) out of the same bounds as a request's: a string or bytes larger than
 * `maxFieldBytes`, nesting deeper than {@link MAX_REQUEST_DEPTH}, a timestamp out of range.
 */
export function fieldOutOfBounds(
  message: object,
  maxFieldBytes: number = maxFieldBytesFromEnv(),
): FieldViolation | undefined {
  return outOfBounds(message, { maxFieldBytes }, undefined);
}

/** Throws INVALID_ARGUMENT when `request` is the marker of bytes that did not decode. */
export function refuseUndecodable(request: unknown, rpc: string): void {
  const violation = (request as { [UNDECODABLE]?: FieldViolation } | null)?.[UNDECODABLE];
  if (violation === undefined) return;
  throw new RequestError(`the request of ${rpc} is not a valid request: ${violation.field}`, [violation]);
}
