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
            return method.requestDeserialize(bytes);
          } catch (error) {
            return { [UNDECODABLE]: error instanceof Error ? error.message : String(error) };
          }
        },
      },
    ]),
  );
}

/** Throws INVALID_ARGUMENT when `request` is the marker of bytes that did not decode. */
export function refuseUndecodable(request: unknown, rpc: string): void {
  const reason = (request as { [UNDECODABLE]?: string } | null)?.[UNDECODABLE];
  if (reason === undefined) return;
  throw new RequestError(`the request of ${rpc} is not a valid protobuf message`, [
    { field: 'request', description: `does not decode: ${reason}`, reason: 'MALFORMED' },
  ]);
}
