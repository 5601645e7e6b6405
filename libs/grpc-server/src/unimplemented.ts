import {
  status,
  type ServerErrorResponse,
  type ServiceDefinition,
  type UntypedHandleCall,
  type UntypedServiceImplementation,
} from '@grpc/grpc-js';
import type { HostedService } from './hosted-service';

/**
 * Handlers that answer every RPC of a service with UNIMPLEMENTED and say so plainly, so a
 * service can be served (health, reflection, routing) before its use cases exist.
 */
export function unimplementedHandlers(definition: ServiceDefinition): UntypedServiceImplementation {
  const handlers: UntypedServiceImplementation = {};
  for (const [method, attrs] of Object.entries(definition)) {
    const error: Partial<ServerErrorResponse> = {
      name: 'Unimplemented',
      code: status.UNIMPLEMENTED,
      details: `${attrs.path.slice(1)} is not implemented yet`,
    };
    const handler = attrs.responseStream
      ? (call: { emit(event: 'error', e: unknown): boolean }) => call.emit('error', error)
      : (_call: unknown, callback: (e: Partial<ServerErrorResponse>) => void) => callback(error);
    handlers[method] = handler as UntypedHandleCall;
  }
  return handlers;
}

/** A service whose every RPC answers UNIMPLEMENTED, until its use cases are wired in. */
export function unimplementedService(
  name: string,
  definition: ServiceDefinition,
  protoFile: string,
): HostedService {
  return { name, definition, protoFile, implementation: unimplementedHandlers(definition) };
}
