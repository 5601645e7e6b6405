import type {
  sendUnaryData,
  ServerUnaryCall,
  ServiceDefinition,
  UntypedHandleCall,
  UntypedServiceImplementation,
} from '@grpc/grpc-js';
import { startServerCall } from '@baton/telemetry';
import type { CallContext } from './call-context';
import { developmentCallGuard, type CallGuard } from './call-guard';
import { toServiceError, type ErrorMapping } from './grpc-errors';
import { refuseUndecodable } from './undecodable-requests';
import { unimplementedHandlers } from './unimplemented';

/** A use-case style handler: request and caller in, response out (or a thrown error). */
export type UnaryHandler<Req, Res> = (request: Req, context: CallContext) => Promise<Res>;

/**
 * Set by {@link inProcessInvoker} on its calls: the caller a host vouches for (one of its own
 * modules). No call that came over the wire has it.
 */
export const IN_PROCESS_CALLER = Symbol('baton.inProcessCaller');

const isPromise = <T>(value: T | Promise<T>): value is Promise<T> =>
  typeof (value as { then?: unknown } | undefined)?.then === 'function';

/**
 * Maps a ts-proto service definition's unary methods to promise-returning handlers: grpc-js
 * callbacks, the call context and error mapping live here once, not in every controller.
 * Every call is authenticated and authorised by `guard` before its handler runs (the default is
 * the development identity: pass the process's guard, see `callGuardFromEnv`). Methods without
 * a handler answer UNIMPLEMENTED.
 */
export function unaryHandlers(
  definition: ServiceDefinition,
  handlers: Readonly<Record<string, UnaryHandler<never, unknown>>>,
  mapping: ErrorMapping,
  guard: CallGuard = developmentCallGuard,
): UntypedServiceImplementation {
  const implementation = unimplementedHandlers(definition);
  for (const [method, handler] of Object.entries(handlers)) {
    if (!(method in definition)) throw new Error(`${method} is not a method of this service`);
    const path = (definition[method] as { path: string }).path;
    const rpc = path.slice(1);
    const call = (c: ServerUnaryCall<never, unknown>, callback: sendUnaryData<unknown>) => {
      let telemetry: ReturnType<typeof startServerCall>;
      const run = (authenticated: CallContext): Promise<unknown> => {
        let caller = authenticated;
        // Off: undefined, and the caller's traceparent passes through as it came.
        telemetry = startServerCall(path, caller.traceparent);
        if (telemetry && telemetry.traceparent !== caller.traceparent)
          caller = { ...{}, ...caller, traceparent: telemetry.traceparent };
        guard.authorize(rpc, caller);
        refuseUndecodable(c.request, rpc);
        return handler(c.request, caller);
      };
      // Also catches what a handler throws before it returns its promise (request checks). A
      // guard that answers synchronously (a cached token) costs no extra turn of the event loop.
      new Promise<unknown>((resolve) => {
        const vouched = (c as { [IN_PROCESS_CALLER]?: CallContext })[IN_PROCESS_CALLER];
        const caller = vouched ?? guard.authenticate(c.metadata);
        resolve(isPromise(caller) ? caller.then(run) : run(caller));
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
