import { ROOT_CONTEXT, SamplingDecision, type SpanKind } from '@opentelemetry/api';
import { RandomIdGenerator, type IdGenerator, type Sampler } from '@opentelemetry/sdk-trace-base';

/**
 * Decides a new trace before the SDK sees it, so that a trace the sampler drops costs no span
 * object at all: the trace id is drawn here and put to the provider's own sampler; a kept one is
 * handed to the SDK (the provider's id generator is this object) and decided again the same way.
 */
export class RootSampling implements IdGenerator {
  private readonly random = new RandomIdGenerator();
  private next: string | undefined;

  constructor(private readonly sampler: Sampler) {}

  /** A new trace id, and whether the sampler keeps a root span `name` of `kind` in it. */
  decide(name: string, kind: SpanKind): { readonly traceId: string; readonly sampled: boolean } {
    const traceId = this.random.generateTraceId();
    const { decision } = this.sampler.shouldSample(ROOT_CONTEXT, traceId, name, kind, {}, []);
    return { traceId, sampled: decision === SamplingDecision.RECORD_AND_SAMPLED };
  }

  /** The SDK's next root span gets `traceId` (it asks for it synchronously in startSpan). */
  useNext(traceId: string): void {
    this.next = traceId;
  }

  generateTraceId(): string {
    const id = this.next ?? this.random.generateTraceId();
    this.next = undefined;
    return id;
  }

  generateSpanId(): string {
    return this.random.generateSpanId();
  }
}
