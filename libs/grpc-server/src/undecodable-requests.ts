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
            const field = unrepresentableTimestamp(request);
            return field === undefined
              ? request
              : { [UNDECODABLE]: { field, description: 'is a timestamp outside the years 0001-9999' } };
          } catch (error) {
            const reason = error instanceof Error ? error.message : String(error);
            return { [UNDECODABLE]: { field: 'request', description: `does not decode: ${reason}` } };
          }
        },
      },
    ]),
  );
}

const snakeCase = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/**
 * The field (snake_case path) of the first google.protobuf.Timestamp that decoded to an invalid
 * Date: protobuf allows any int64 seconds on the wire, and NaN times later failed in storage
 * queries as INTERNAL (found by fuzzing against PostgreSQL). Walked without recursion: data
 * fields may nest deep.
 */
function unrepresentableTimestamp(request: unknown): string | undefined {
  const pending: [unknown, string][] = [[request, '']];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [value, path] = next;
    if (value instanceof Date) {
      if (Number.isNaN(value.getTime())) return path;
    } else if (value && typeof value === 'object' && !ArrayBuffer.isView(value)) {
      for (const [key, child] of Object.entries(value)) {
        const name = Array.isArray(value) ? `${path}[${key}]` : `${path ? `${path}.` : ''}${snakeCase(key)}`;
        pending.push([child, name]);
      }
    }
  }
  return undefined;
}

/** Throws INVALID_ARGUMENT when `request` is the marker of bytes that did not decode. */
export function refuseUndecodable(request: unknown, rpc: string): void {
  const violation = (request as { [UNDECODABLE]?: { field: string; description: string } } | null)?.[
    UNDECODABLE
  ];
  if (violation === undefined) return;
  throw new RequestError(`the request of ${rpc} is not a valid protobuf message: ${violation.field}`, [
    { ...violation, reason: 'MALFORMED' },
  ]);
}
