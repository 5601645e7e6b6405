import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import {
  ATTR_RPC_METHOD,
  ATTR_RPC_STATUS_CODE,
  ATTR_RPC_SYSTEM_NAME,
  RPC_SYSTEM_NAME_VALUE_GRPC,
} from './semconv';
import { traceparentOfSpan } from './service-telemetry';
import { serviceTelemetry, telemetryOn } from './telemetry-state';

/** gRPC status names by code (grpc-js's `status` enum, without importing grpc-js here). */
const STATUS_NAMES = [
  'OK',
  'CANCELLED',
  'UNKNOWN',
  'INVALID_ARGUMENT',
  'DEADLINE_EXCEEDED',
  'NOT_FOUND',
  'ALREADY_EXISTS',
  'PERMISSION_DENIED',
  'RESOURCE_EXHAUSTED',
  'FAILED_PRECONDITION',
  'ABORTED',
  'OUT_OF_RANGE',
  'UNIMPLEMENTED',
  'INTERNAL',
  'UNAVAILABLE',
  'DATA_LOSS',
  'UNAUTHENTICATED',
];
/** Codes that mean the server failed (semantic conventions for gRPC server spans). */
const SERVER_ERRORS = new Set([2, 4, 12, 13, 14, 15]);

/** One served call: the `traceparent` its handler records under, and its end. */
export interface ServerCallTelemetry {
  readonly traceparent: string;
  end(code: number): void;
}

/** `/baton.execution.v1.ExecutionService/StartStep` → `execution` (packages are `baton.<service>.v1`). */
export function serviceOfPath(path: string): string {
  const pkg = path.split('/')[1] ?? '';
  const parts = pkg.split('.');
  return parts[0] === 'baton' && parts[1] ? parts[1] : 'baton';
}

/**
 * Starts the SERVER span of one unary call (child of the caller's `traceparent`, RPC semantic
 * conventions) and, at its end, records `rpc.server.call.duration` by method and status.
 * Undefined while telemetry is off: the caller then does nothing else.
 */
export function startServerCall(
  path: string,
  callerTraceparent: string | undefined,
): ServerCallTelemetry | undefined {
  if (!telemetryOn()) return undefined;
  const telemetry = serviceTelemetry(serviceOfPath(path));
  if (!telemetry) return undefined;
  const method = path.startsWith('/') ? path.slice(1) : path;
  const started = performance.now();
  const span = telemetry.startSpan(method, {
    kind: SpanKind.SERVER,
    parent: callerTraceparent,
    attributes: { [ATTR_RPC_SYSTEM_NAME]: RPC_SYSTEM_NAME_VALUE_GRPC, [ATTR_RPC_METHOD]: method },
  });
  return {
    traceparent: traceparentOfSpan(span),
    end(code) {
      const statusName = STATUS_NAMES[code] ?? String(code);
      span.setAttribute(ATTR_RPC_STATUS_CODE, statusName);
      if (SERVER_ERRORS.has(code)) span.setStatus({ code: SpanStatusCode.ERROR, message: statusName });
      span.end();
      telemetry.metrics.rpcServerDuration.record((performance.now() - started) / 1000, {
        [ATTR_RPC_SYSTEM_NAME]: RPC_SYSTEM_NAME_VALUE_GRPC,
        [ATTR_RPC_METHOD]: method,
        [ATTR_RPC_STATUS_CODE]: statusName,
      });
    },
  };
}
