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
  // The usual, well-formed one is checked in place; anything else goes through the expression.
  if (wellFormed(traceparent)) {
    return {
      traceId: traceparent.substring(3, 35),
      spanId: traceparent.substring(36, 52),
      traceFlags: hexValue(traceparent.charCodeAt(54)) & TraceFlags.SAMPLED,
      isRemote: true,
    };
  }
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
  // Asked of every message and call: checked in place, without the regular expression's copies.
  if (traceparent.length !== 55 || traceparent.charCodeAt(0) !== 48 || traceparent.charCodeAt(1) !== 48)
    return false;
  if ((hexValue(traceparent.charCodeAt(54)) & TraceFlags.SAMPLED) !== 0) return false;
  return wellFormed(traceparent);
}

/** Version 00, lower-case hex ids not all zeros, hex flags, dashes between: as the expression. */
function wellFormed(s: string): boolean {
  return (
    s.length === 55 &&
    s.charCodeAt(0) === 48 &&
    s.charCodeAt(1) === 48 &&
    hexRun(s, 3, 35) &&
    hexRun(s, 36, 52) &&
    hexValue(s.charCodeAt(53)) >= 0 &&
    hexValue(s.charCodeAt(54)) >= 0
  );
}

/**
 * Whether two `traceparent`s of the well-formed length name the same trace id (compared in
 * place; their validity is not checked).
 */
export function sameTraceId(a: string, b: string): boolean {
  if (a.length !== 55 || b.length !== 55) return false;
  for (let i = 3; i < 35; i++) if (a.charCodeAt(i) !== b.charCodeAt(i)) return false;
  return true;
}

/** Whether `s[from, to)` is lower-case hex, not all zeros, and dash-delimited. */
function hexRun(s: string, from: number, to: number): boolean {
  if (s.charCodeAt(from - 1) !== 45 || s.charCodeAt(to) !== 45) return false;
  let nonZero = false;
  for (let i = from; i < to; i++) {
    const v = hexValue(s.charCodeAt(i));
    if (v < 0) return false;
    if (v > 0) nonZero = true;
  }
  return nonZero;
}

/** A hex digit's value (lower case, as W3C requires), or -1. */
function hexValue(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 97 && code <= 102) return code - 87;
  return -1;
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
