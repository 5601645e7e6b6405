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
export function decodingTolerantDefinition(definition: ServiceDefinition): ServiceDefinition {
  return Object.fromEntries(
    Object.entries(definition).map(([name, method]) => [
      name,
      {
        ...method,
        requestDeserialize: (bytes: Buffer) => {
          try {
            const request: unknown = method.requestDeserialize(bytes);
            const violation = outOfBounds(request);
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

/**
 * The first field (snake_case path) of a decoded request that is out of bounds, and why: nested
 * deeper than {@link MAX_REQUEST_DEPTH}, or a google.protobuf.Timestamp that decoded to an invalid
 * Date (protobuf allows any int64 seconds on the wire, and NaN times later failed in storage
 * queries as INTERNAL: found by fuzzing against PostgreSQL). Recursive, but never deeper than the
 * limit; the path is built only on the way back from a violation (no cost per field).
 */
function outOfBounds(value: unknown, depth = 0): FieldViolation | undefined {
  if (value instanceof Date) {
    return Number.isNaN(value.getTime())
      ? { field: '', description: 'is a timestamp outside the years 0001-9999', reason: 'OUT_OF_RANGE' }
      : undefined;
  }
  if (!value || typeof value !== 'object' || ArrayBuffer.isView(value)) return undefined;
  if (depth >= MAX_REQUEST_DEPTH)
    return { field: '', description: `nests deeper than ${MAX_REQUEST_DEPTH} levels`, reason: 'TOO_DEEP' };
  const isArray = Array.isArray(value);
  for (const key in value) {
    const found = outOfBounds((value as Record<string, unknown>)[key], depth + 1);
    if (found) {
      const step = isArray ? `[${key}]` : snakeCase(key);
      const field =
        found.field === ''
          ? step
          : found.field.startsWith('[')
            ? step + found.field
            : `${step}.${found.field}`;
      return { ...found, field };
    }
  }
  return undefined;
}

/** Throws INVALID_ARGUMENT when `request` is the marker of bytes that did not decode. */
export function refuseUndecodable(request: unknown, rpc: string): void {
  const violation = (request as { [UNDECODABLE]?: FieldViolation } | null)?.[UNDECODABLE];
  if (violation === undefined) return;
  throw new RequestError(`the request of ${rpc} is not a valid request: ${violation.field}`, [violation]);
}
