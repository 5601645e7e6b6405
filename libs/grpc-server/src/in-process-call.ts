import { Metadata, status, type ServiceError, type UntypedHandleCall } from '@grpc/grpc-js';
import { EventEmitter } from 'node:events';
import { CallMetadata, type CallContext } from './call-context';
import type { HostedService } from './hosted-service';
import { IN_PROCESS_CALLER } from './unary-handlers';

/** Calls one unary method of a service: over a channel, or in-process. */
export type UnaryInvoker = (method: string, request: unknown, metadata: Metadata) => Promise<unknown>;

type UnaryImplementation = (
  call: unknown,
  callback: (error: Partial<ServiceError> | null, value?: unknown) => void,
) => void;

/**
 * Invokes a hosted service's unary handlers in the same process: the same request checks, guard
 * and status errors (code, details, metadata with google.rpc.Status) as a call over the wire,
 * without the socket, HTTP/2 and the protobuf round trip. For modules sharing one process (the
 * embedded host), where a loopback gRPC call would cost more than the command it carries.
 *
 * With `caller`, the host vouches for who calls (one of its own modules, e.g. ownership acting as
 * a service): the guard does not authenticate the metadata, which carries no token in-process,
 * but still authorises the RPC for that caller.
 */
export function inProcessInvoker(
  service: () => HostedService,
  caller?: Omit<CallContext, 'traceparent'>,
): UnaryInvoker {
  return (method, request, metadata) =>
    new Promise((resolve, reject) => {
      const handler = service().implementation[method] as UntypedHandleCall | undefined;
      if (typeof handler !== 'function') {
        reject(asServiceError({ code: status.UNIMPLEMENTED, details: `${method} is not implemented` }));
        return;
      }
      const call = Object.assign(new EventEmitter(), {
        request,
        metadata: metadata.clone(),
        cancelled: false,
        getPeer: () => 'in-process',
        getDeadline: () => Infinity,
        getPath: () => `/${service().name}/${method}`,
        sendMetadata: () => undefined,
        ...(caller ? { [IN_PROCESS_CALLER]: vouchedCaller(caller, metadata) } : {}),
      });
      (handler as UnaryImplementation)(call, (error, value) =>
        error ? reject(asServiceError(error)) : resolve(value),
      );
    });
}

function vouchedCaller(caller: Omit<CallContext, 'traceparent'>, metadata: Metadata): CallContext {
  const traceparent = metadata.get(CallMetadata.traceparent)[0];
  return typeof traceparent === 'string' && traceparent ? { ...{}, ...caller, traceparent } : caller;
}

function asServiceError(error: Partial<ServiceError>): ServiceError {
  const code = error.code ?? status.UNKNOWN;
  const details = error.details ?? error.message ?? '';
  return Object.assign(new Error(`${code} ${status[code]}: ${details}`), {
    code,
    details,
    metadata: error.metadata ?? new Metadata(),
  });
}
