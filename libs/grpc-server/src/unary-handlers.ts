import type {
  sendUnaryData,
  ServerUnaryCall,
  ServiceDefinition,
  UntypedHandleCall,
  UntypedServiceImplementation,
} from '@grpc/grpc-js';
import { startServerCall } from '@baton/telemetry';
import type { CallContext } from './call-context';
import { openCallGuard, type CallGuard } from './call-guard';
import { toServiceError, type ErrorMapping } from './grpc-errors';
import { unimplementedHandlers } from './unimplemented';

/** A use-case style handler: request and caller in, response out (or a thrown error). */
export type UnaryHandler<Req, Res> = (request: Req, context: CallContext) => Promise<Res>;

/**
 * Maps a ts-proto service definition's unary methods to promise-returning handlers: grpc-js
 * callbacks, the call context and error mapping live here once, not in every controller.
 * Every call is authenticated and authorised by `guard` before its handler runs. Methods without
 * a handler answer UNIMPLEMENTED.
 */
export function unaryHandlers(
  definition: ServiceDefinition,
  handlers: Readonly<Record<string, UnaryHandler<never, unknown>>>,
  mapping: ErrorMapping,
  guard: CallGuard = openCallGuard,
): UntypedServiceImplementation {
  const implementation = unimplementedHandlers(definition);
  for (const [method, handler] of Object.entries(handlers)) {
    if (!(method in definition)) throw new Error(`${method} is not a method of this service`);
    const path = (definition[method] as { path: string }).path;
    const call = (c: ServerUnaryCall<never, unknown>, callback: sendUnaryData<unknown>) => {
      let telemetry: ReturnType<typeof startServerCall>;
      // Also catches what a handler throws before it returns its promise (request checks).
      new Promise<unknown>((resolve) => {
        let caller = guard.authenticate(c.metadata);
        // Off: undefined, and the caller's traceparent passes through as it came.
        telemetry = startServerCall(path, caller.traceparent);
        if (telemetry && telemetry.traceparent !== caller.traceparent)
          caller = { ...caller, traceparent: telemetry.traceparent };
        guard.authorize(method, caller);
        resolve(handler(c.request, caller));
      }).then(
        (response) => {
          telemetry?.end(0);
          callback(null, response);
        },
        (error: unknown) => {
          const serviceError = toServiceError(error, mapping);
          telemetry?.end(serviceError.code ?? 2);
          callback(serviceError);
        },
      );
    };
    implementation[method] = call as UntypedHandleCall;
  }
  return implementation;
}
