import { SpanStatusCode, type Link, type Span } from '@opentelemetry/api';
import type { instance } from '@baton/domain';
import type { EventStore } from '@baton/eventstore';
import { toDomainEvent, type RecordingContext } from '@baton/service-kit';
import { serviceTelemetry, spanContextOf, traceparentOfSpan, type ServiceTelemetry } from '@baton/telemetry';
import type { DefinitionCatalog } from '../definitions/definition-catalog';
import { instanceStream } from '../streams';
import { recordInstanceSpans } from './instance-spans';

/** One command on one instance, as telemetry sees it. */
export interface CommandTrace {
  /** What to record the command's events under: a context of the instance's trace. */
  readonly context: RecordingContext;
  /** The command appended `events`, the stream now at `version`. */
  recorded(events: readonly instance.InstanceEvent[], version: number): void;
  end(error?: unknown): void;
}

const CACHED_INSTANCES = 10_000;

/**
 * Keeps one trace per instance. Off: a command's events carry the instance's `traceparent` (the
 * first one its stream recorded), else the caller's: one string copied, nothing else. On: each
 * command is a span `execute <Command>`, a child of the caller when the caller is in the
 * instance's trace, else of the instance's context with a link to the caller; its events carry
 * that span; and the handoffs and step work the command closed become spans (instance-spans.ts).
 */
export class InstanceTelemetry {
  /** The instance's events so far, for the handoff math (on only; bounded, least recent out). */
  private readonly histories = new Map<string, { version: number; events: instance.InstanceEvent[] }>();
  private readonly chains = new Map<string, Promise<void>>();

  constructor(
    private readonly store: EventStore,
    private readonly catalog: DefinitionCatalog,
  ) {}

  command(
    name: string,
    instanceId: string,
    context: RecordingContext,
    instanceTraceparent: string | undefined,
  ): CommandTrace {
    const telemetry = serviceTelemetry('execution');
    if (!telemetry) return untracedCommand(context, instanceTraceparent);
    const caller = spanContextOf(context.traceparent);
    const own = spanContextOf(instanceTraceparent);
    const joins = own === undefined || caller?.traceId === own.traceId;
    const links: Link[] = !joins && caller ? [{ context: caller }] : [];
    const span = telemetry.startSpan(`execute ${name}`, {
      parent: joins ? context.traceparent : instanceTraceparent,
      links,
      attributes: { 'baton.instance.id': instanceId, 'baton.command': name },
    });
    const traceparent = traceparentOfSpan(span);
    return {
      context: { ...context, traceparent },
      recorded: (events, version) =>
        this.later(instanceId, () =>
          this.emit(telemetry, instanceId, events, version, instanceTraceparent ?? traceparent),
        ),
      end: (error) => finish(span, error),
    };
  }

  /** Emission runs after the command answered, in order per instance, and never fails a command. */
  private later(instanceId: string, work: () => Promise<void>): void {
    const next = (this.chains.get(instanceId) ?? Promise.resolve()).then(work).catch(() => {
      this.histories.delete(instanceId);
    });
    this.chains.set(instanceId, next);
    void next.then(() => {
      if (this.chains.get(instanceId) === next) this.chains.delete(instanceId);
    });
  }

  private async emit(
    telemetry: ServiceTelemetry,
    instanceId: string,
    fresh: readonly instance.InstanceEvent[],
    version: number,
    parent: string,
  ): Promise<void> {
    const all = await this.history(instanceId, fresh, version);
    const started = all[0];
    if (started?.type !== 'InstanceStarted') return;
    const definition = this.catalog.version(started.data.definitionId, started.data.definitionVersion);
    if (definition) recordInstanceSpans(telemetry, all, fresh, definition, parent);
  }

  private async history(
    instanceId: string,
    fresh: readonly instance.InstanceEvent[],
    version: number,
  ): Promise<readonly instance.InstanceEvent[]> {
    const known = this.histories.get(instanceId);
    this.histories.delete(instanceId);
    let events: instance.InstanceEvent[];
    if (known && known.version === version - fresh.length) events = [...known.events, ...fresh];
    else {
      const recorded = await this.store.readStream(instanceStream(instanceId), { maxCount: version });
      events = recorded.map((e) => toDomainEvent<instance.InstanceEvent>(e));
    }
    this.histories.set(instanceId, { version, events });
    if (this.histories.size > CACHED_INSTANCES) {
      const oldest = this.histories.keys().next().value;
      if (oldest !== undefined) this.histories.delete(oldest);
    }
    return events;
  }
}

const noop = () => undefined;

/** A command's trace while telemetry is off (or without an InstanceTelemetry). */
export function untracedCommand(
  context: RecordingContext,
  instanceTraceparent: string | undefined,
): CommandTrace {
  const kept =
    instanceTraceparent === undefined || context.traceparent === instanceTraceparent
      ? context
      : { ...context, traceparent: instanceTraceparent };
  return { context: kept, recorded: noop, end: noop };
}

function finish(span: Span, error: unknown): void {
  if (error !== undefined) {
    span.recordException(error instanceof Error ? error : String(error));
    span.setStatus({ code: SpanStatusCode.ERROR });
  }
  span.end();
}
