import {
  ROOT_CONTEXT,
  trace,
  type Attributes,
  type Context,
  type Link,
  type Meter,
  type Span,
  type SpanKind,
  type SpanOptions,
  type TimeInput,
  type Tracer,
} from '@opentelemetry/api';
import { BatonMetrics } from './baton-metrics';
import type { RootSampling } from './root-sampling';
import { contextOf, traceparentOf } from './trace-context';

/** Options of {@link ServiceTelemetry.startSpan}. */
export interface StartSpanOptions {
  readonly kind?: SpanKind;
  /** The parent, as W3C `traceparent`; or a context. None: a new trace. */
  readonly parent?: string | Context;
  readonly attributes?: Attributes;
  readonly links?: Link[];
  /** Business time (epoch ms as a Date) for spans that describe the past, e.g. handoffs. */
  readonly startTime?: TimeInput;
}

/** One Baton service's tracer, meter and instruments (see `serviceTelemetry`). */
export class ServiceTelemetry {
  private instruments: BatonMetrics | undefined;

  constructor(
    /** `execution`, `ownership`, … */
    readonly service: string,
    readonly tracer: Tracer,
    readonly meter: Meter,
    private readonly roots?: RootSampling,
  ) {}

  /** Baton's metric instruments, created on first use. */
  get metrics(): BatonMetrics {
    return (this.instruments ??= new BatonMetrics(this.meter));
  }

  startSpan(name: string, options: StartSpanOptions = {}): Span {
    const parent =
      typeof options.parent === 'string' || options.parent === undefined
        ? contextOf(options.parent)
        : options.parent;
    // Built by assignment: the SDK takes absent and undefined alike, and this runs for every span.
    const spanOptions: SpanOptions = {};
    if (options.kind !== undefined) spanOptions.kind = options.kind;
    if (options.attributes) spanOptions.attributes = options.attributes;
    if (options.links) spanOptions.links = options.links;
    if (options.startTime !== undefined) spanOptions.startTime = options.startTime;
    return this.tracer.startSpan(name, spanOptions, parent);
  }

  /**
   * The first span of a new trace; or, when the sampler drops that trace, only its `traceparent`
   * (flags 00): nothing else is made, and whatever continues it makes no span either.
   */
  startRootSpan(name: string, kind: SpanKind): Span | string {
    if (!this.roots) return this.startSpan(name, { kind });
    const { traceId, sampled } = this.roots.decide(name, kind);
    if (!sampled) return `00-${traceId}-${this.roots.generateSpanId()}-00`;
    this.roots.useNext(traceId);
    return this.tracer.startSpan(name, { kind }, ROOT_CONTEXT);
  }
}

/** The `traceparent` that makes the next hop a child of `span`. */
export function traceparentOfSpan(span: Span): string {
  return traceparentOf(span.spanContext());
}

/** A context whose active span is `span`, to parent children on. */
export function contextWithSpan(span: Span, parent: Context): Context {
  return trace.setSpan(parent, span);
}
