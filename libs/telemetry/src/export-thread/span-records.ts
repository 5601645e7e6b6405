import type { Attributes, HrTime, Link, SpanStatus } from '@opentelemetry/api';
import type { ReadableSpan, TimedEvent } from '@opentelemetry/sdk-trace-base';

// What crosses to the export thread: the fields the OTLP serializer reads from an ended span, as
// plain data (one JSON string per batch: a copy made natively, not by the protobuf writer in JS).

export interface SpanRecord {
  readonly name: string;
  readonly kind: number;
  readonly traceId: string;
  readonly spanId: string;
  readonly traceFlags: number;
  readonly parentSpanId?: string;
  readonly parentIsRemote?: boolean;
  readonly startTime: HrTime;
  readonly endTime: HrTime;
  readonly duration: HrTime;
  readonly attributes: Attributes;
  readonly droppedAttributesCount: number;
  readonly events: readonly TimedEvent[];
  readonly droppedEventsCount: number;
  readonly links: readonly Link[];
  readonly droppedLinksCount: number;
  readonly status: SpanStatus;
  /** Of the resources sent before (one message per resource, the first time it is seen). */
  readonly resource: number;
  readonly scope: { readonly name: string; readonly version?: string; readonly schemaUrl?: string };
}

export function toRecord(span: ReadableSpan, resource: number): SpanRecord {
  const context = span.spanContext();
  const parent = span.parentSpanContext;
  const { name, version, schemaUrl } = span.instrumentationScope;
  return {
    name: span.name,
    kind: span.kind,
    traceId: context.traceId,
    spanId: context.spanId,
    traceFlags: context.traceFlags,
    ...(parent ? { parentSpanId: parent.spanId, parentIsRemote: parent.isRemote === true } : {}),
    startTime: span.startTime,
    endTime: span.endTime,
    duration: span.duration,
    attributes: span.attributes,
    droppedAttributesCount: span.droppedAttributesCount,
    events: span.events,
    droppedEventsCount: span.droppedEventsCount,
    links: span.links,
    droppedLinksCount: span.droppedLinksCount,
    status: span.status,
    resource,
    scope: { name, ...(version ? { version } : {}), ...(schemaUrl ? { schemaUrl } : {}) },
  };
}

/** Messages to the export thread. */
export type ToExportThread =
  | {
      readonly kind: 'resource';
      readonly id: number;
      readonly attributes: Attributes;
      readonly schemaUrl?: string;
    }
  | { readonly kind: 'export'; readonly id: number; readonly spans: string }
  | { readonly kind: 'shutdown'; readonly id: number };

/** Answers from it: an export's result (0 success, 1 failed) or the end of a shutdown. */
export interface FromExportThread {
  readonly id: number;
  readonly code: number;
  readonly error?: string;
}
