import { SpanKind, SpanStatusCode, type Attributes } from '@opentelemetry/api';
import {
  ATTR_RPC_METHOD,
  ATTR_RPC_STATUS_CODE,
  ATTR_RPC_SYSTEM_NAME,
  RPC_SYSTEM_NAME_VALUE_GRPC,
} from './semconv';
import { traceparentOfSpan, type ServiceTelemetry } from './service-telemetry';
import { sampledOut } from './trace-context';
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

/** What a method's calls share: its service's telemetry and its metric attributes by status. */
interface MethodTelemetry {
  readonly telemetry: ServiceTelemetry;
  readonly method: string;
  readonly attributes: Attributes;
  readonly byStatus: Map<number, Attributes>;
}

const methods = new Map<string, MethodTelemetry>();

function methodTelemetry(path: string): MethodTelemetry | undefined {
  const telemetry = serviceTelemetry(serviceOfPath(path));
  if (!telemetry) return undefined;
  let found = methods.get(path);
  // A new SDK (tests start one after another) gets new instruments.
  if (found?.telemetry !== telemetry) {
    const method = path.startsWith('/') ? path.slice(1) : path;
    found = {
      telemetry,
      method,
      attributes: { [ATTR_RPC_SYSTEM_NAME]: RPC_SYSTEM_NAME_VALUE_GRPC, [ATTR_RPC_METHOD]: method },
      byStatus: new Map(),
    };
    methods.set(path, found);
  }
  return found;
}

function statusAttributes(m: MethodTelemetry, code: number): Attributes {
  let found = m.byStatus.get(code);
  if (!found) {
    found = { ...m.attributes, [ATTR_RPC_STATUS_CODE]: STATUS_NAMES[code] ?? String(code) };
    m.byStatus.set(code, found);
  }
  return found;
}

/**
 * Starts the SERVER span of one unary call (child of the caller's `traceparent`, RPC semantic
 * conventions) and, at its end, records `rpc.server.call.duration` by method and status.
 * A caller in a trace not sampled gets no span (a parent-based sampler would make it
 * non-recording): its `traceparent` passes on as it came and only the duration is recorded.
 * Undefined while telemetry is off: the caller then does nothing else.
 */
export function startServerCall(
  path: string,
  callerTraceparent: string | undefined,
): ServerCallTelemetry | undefined {
  if (!telemetryOn()) return undefined;
  const m = methodTelemetry(path);
  if (!m) return undefined;
  const started = performance.now();
  const record = (code: number) =>
    m.telemetry.metrics.rpcServerDuration.record(
      (performance.now() - started) / 1000,
      statusAttributes(m, code),
    );
  if (callerTraceparent !== undefined && sampledOut(callerTraceparent))
    return { traceparent: callerTraceparent, end: record };
  // A caller without a trace starts one here (a StartInstance's becomes the instance's).
  const span =
    callerTraceparent === undefined
      ? m.telemetry.startRootSpan(m.method, SpanKind.SERVER)
      : m.telemetry.startSpan(m.method, { kind: SpanKind.SERVER, parent: callerTraceparent });
  if (typeof span === 'string') return { traceparent: span, end: record };
  if (span.isRecording()) span.setAttributes(m.attributes);
  return {
    traceparent: traceparentOfSpan(span),
    end(code) {
      if (span.isRecording()) {
        const statusName = STATUS_NAMES[code] ?? String(code);
        span.setAttribute(ATTR_RPC_STATUS_CODE, statusName);
        if (SERVER_ERRORS.has(code)) span.setStatus({ code: SpanStatusCode.ERROR, message: statusName });
      }
      span.end();
      record(code);
    },
  };
}
