import { trace, TraceFlags, type Context, type SpanContext, ROOT_CONTEXT } from '@opentelemetry/api';

// W3C trace context, version 00: the one string Baton stores in every event and carries in gRPC
// metadata and Kafka headers. Parsed and formatted here rather than through a propagator, since
// the hot path only ever copies the string.
const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;
const INVALID_TRACE = '0'.repeat(32);
const INVALID_SPAN = '0'.repeat(16);

/** The span context a `traceparent` names, or undefined when it is absent or malformed. */
export function spanContextOf(traceparent: string | undefined): SpanContext | undefined {
  if (!traceparent) return undefined;
  const m = TRACEPARENT.exec(traceparent.trim());
  if (!m || m[1] === INVALID_TRACE || m[2] === INVALID_SPAN) return undefined;
  return {
    traceId: m[1] as string,
    spanId: m[2] as string,
    traceFlags: parseInt(m[3] as string, 16) & TraceFlags.SAMPLED,
    isRemote: true,
  };
}

/**
 * Whether a `traceparent` is well formed and its trace was not sampled: its children need no
 * spans (a parent-based sampler would make them non-recording), so the hot path skips them.
 */
export function sampledOut(traceparent: string): boolean {
  const parent = spanContextOf(traceparent);
  return parent !== undefined && (parent.traceFlags & TraceFlags.SAMPLED) === 0;
}

/** A parent context for a new span (the root context when there is no usable `traceparent`). */
export function contextOf(traceparent: string | undefined): Context {
  const parent = spanContextOf(traceparent);
  return parent ? trace.setSpanContext(ROOT_CONTEXT, parent) : ROOT_CONTEXT;
}

export function traceparentOf(span: SpanContext): string {
  const flags = (span.traceFlags & TraceFlags.SAMPLED).toString(16).padStart(2, '0');
  return `00-${span.traceId}-${span.spanId}-${flags}`;
}

/** The trace id in a `traceparent`, without parsing the rest. */
export function traceIdOf(traceparent: string | undefined): string | undefined {
  return spanContextOf(traceparent)?.traceId;
}
