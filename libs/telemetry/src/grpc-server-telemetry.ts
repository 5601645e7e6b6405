import { SpanKind, SpanStatusCode, type Attributes, type Span } from '@opentelemetry/api';
import {
  ATTR_RPC_METHOD,
  ATTR_RPC_STATUS_CODE,
  ATTR_RPC_SYSTEM_NAME,
  RPC_SYSTEM_NAME_VALUE_GRPC,
} from './semconv';
import { metricAttributes } from './metric-attributes';
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
  readonly service: string;
  readonly telemetry: ServiceTelemetry;
  readonly method: string;
  readonly attributes: Attributes;
  /** `rpc.server.call.duration`'s attributes by status code, frozen (hashed once by the SDK). */
  readonly byStatus: Attributes[];
}

const methods = new Map<string, MethodTelemetry>();

function methodTelemetry(path: string): MethodTelemetry | undefined {
  let found = methods.get(path);
  // The path is parsed once; a new SDK (tests start one after another) gets new instruments.
  const telemetry = serviceTelemetry(found?.service ?? serviceOfPath(path));
  if (!telemetry) return undefined;
  if (found?.telemetry !== telemetry) {
    const method = path.startsWith('/') ? path.slice(1) : path;
    found = {
      service: serviceOfPath(path),
      telemetry,
      method,
      attributes: { [ATTR_RPC_SYSTEM_NAME]: RPC_SYSTEM_NAME_VALUE_GRPC, [ATTR_RPC_METHOD]: method },
      byStatus: [],
    };
    methods.set(path, found);
  }
  return found;
}

function statusAttributes(m: MethodTelemetry, code: number): Attributes {
  return (m.byStatus[code] ??= metricAttributes({
    ...{},
    ...m.attributes,
    [ATTR_RPC_STATUS_CODE]: STATUS_NAMES[code] ?? String(code),
  }));
}

/** A call that records only its duration (its caller's trace is not sampled, or was dropped). */
class TimedCall implements ServerCallTelemetry {
  private readonly started = performance.now();

  constructor(
    private readonly m: MethodTelemetry,
    readonly traceparent: string,
  ) {}

  end(code: number): void {
    this.m.telemetry.metrics.rpcServerDuration.record(
      (performance.now() - this.started) / 1000,
      statusAttributes(this.m, code),
    );
  }
}

/** A call with a SERVER span, which ends with it. */
class SpannedCall extends TimedCall {
  constructor(
    m: MethodTelemetry,
    private readonly span: Span,
  ) {
    super(m, traceparentOfSpan(span));
  }

  override end(code: number): void {
    const { span } = this;
    if (span.isRecording()) {
      const statusName = STATUS_NAMES[code] ?? String(code);
      span.setAttribute(ATTR_RPC_STATUS_CODE, statusName);
      if (SERVER_ERRORS.has(code)) span.setStatus({ code: SpanStatusCode.ERROR, message: statusName });
    }
    span.end();
    super.end(code);
  }
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
  if (callerTraceparent !== undefined && sampledOut(callerTraceparent))
    return new TimedCall(m, callerTraceparent);
  // A caller without a trace starts one here (a StartInstance's becomes the instance's).
  const span =
    callerTraceparent === undefined
      ? m.telemetry.startRootSpan(m.method, SpanKind.SERVER)
      : m.telemetry.startSpan(m.method, { kind: SpanKind.SERVER, parent: callerTraceparent });
  if (typeof span === 'string') return new TimedCall(m, span);
  if (span.isRecording()) span.setAttributes(m.attributes);
  return new SpannedCall(m, span);
}
