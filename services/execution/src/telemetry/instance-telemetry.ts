import { SpanStatusCode, TraceFlags, type Link, type Span } from '@opentelemetry/api';
import type { instance } from '@baton/domain';
import type { RecordingContext } from '@baton/service-kit';
import {
  sameTraceId,
  sampledOut,
  serviceTelemetry,
  spanContextOf,
  traceparentOfSpan,
} from '@baton/telemetry';
import type { DefinitionCatalog } from '../definitions/definition-catalog';
import type { LoadedInstance } from '../instances/instance-repository';
import { closedWork } from './closed-work';
import { lookupsOf } from './definition-lookups';
import { recordClosedWork } from './instance-spans';
import { ReassigningEscalations } from './reassigning-escalations';

/** One command on one instance, as telemetry sees it. */
export interface CommandTrace {
  /** What to record the command's events under: a context of the instance's trace. */
  readonly context: RecordingContext;
  /** The command appended `events`, the stream now at `version`. */
  recorded(events: readonly instance.InstanceEvent[], version: number): void;
  end(error?: unknown): void;
}

/** The events that close a handoff or a step's work, or count an escalation. */
const OBSERVED = new Set<string>(['StepStarted', 'StepCompleted', 'StepFailed', 'StepEscalated']);

interface Pending {
  readonly instanceId: string;
  readonly events: readonly instance.InstanceEvent[];
  readonly version: number;
  /** The instance's trace when it is sampled (its spans go there); undefined: metrics only. */
  readonly parent: string | undefined;
}

/**
 * Keeps one trace per instance. Off: a command's events carry the instance's `traceparent` (the
 * first one its stream recorded), else the caller's: one string copied, nothing else. On, in a
 * sampled trace: each command is a span `execute <Command>`, a child of the caller when the
 * caller is in the instance's trace, else of the instance's context with a link to the caller;
 * its events carry that span. In a trace not sampled: no span and no context, as when off.
 * Either way the handoffs and step work a command closed are measured from its own events and
 * the instance folded after them (`written`, told by the repository right after `recorded`),
 * never from the stream: metrics for every instance, spans for sampled ones (instance-spans.ts).
 */
export class InstanceTelemetry {
  /** The command just recorded, until the repository hands over the instance folded after it. */
  private pending: Pending | undefined;
  private readonly escalations = new ReassigningEscalations();

  constructor(private readonly catalog: DefinitionCatalog) {}

  command(
    name: string,
    instanceId: string,
    context: RecordingContext,
    instanceTraceparent: string | undefined,
  ): CommandTrace {
    const telemetry = serviceTelemetry('execution');
    if (!telemetry) return untracedCommand(context, instanceTraceparent);
    // The usual case when sampling: an instance not sampled, its caller not in a sampled span of
    // its trace. Decided on the strings in place (the rules below would decide the same).
    if (instanceTraceparent !== undefined && sampledOut(instanceTraceparent)) {
      const from = context.traceparent;
      if (
        from === undefined ||
        sampledOut(from) ||
        (from.length === 55 && !sameTraceId(from, instanceTraceparent))
      )
        return this.unsampled(instanceId, context, instanceTraceparent);
    }
    const own = spanContextOf(instanceTraceparent);
    const caller = spanContextOf(context.traceparent);
    const joins = own === undefined || caller?.traceId === own.traceId;
    const parent = joins ? caller : own;
    if (parent && (parent.traceFlags & TraceFlags.SAMPLED) === 0)
      return this.unsampled(instanceId, context, instanceTraceparent);
    const links: Link[] = !joins && caller ? [{ context: caller }] : [];
    const span = telemetry.startSpan(`execute ${name}`, {
      parent: joins ? context.traceparent : instanceTraceparent,
      links,
      attributes: { 'baton.instance.id': instanceId, 'baton.command': name },
    });
    const traceparent = traceparentOfSpan(span);
    return {
      context: { ...{}, ...context, traceparent },
      recorded: (events, version) =>
        this.recorded(instanceId, events, version, instanceTraceparent ?? traceparent),
      end: (error) => finish(span, error),
    };
  }

  /** A command in a trace not sampled: no span, its figures measured all the same. */
  private unsampled(
    instanceId: string,
    context: RecordingContext,
    instanceTraceparent: string | undefined,
  ): CommandTrace {
    const { context: kept } = untracedCommand(context, instanceTraceparent);
    return {
      context: kept,
      recorded: (events, version) => this.recorded(instanceId, events, version, undefined),
      end: noop,
    };
  }

  /**
   * The instance as folded after the command `recorded` was told of (the repository calls this
   * right after it): measures what that command closed. Never fails the command.
   */
  written(instanceId: string, loaded: LoadedInstance): void {
    const pending = this.pending;
    if (pending === undefined) return;
    this.pending = undefined;
    const { view } = loaded;
    if (pending.instanceId !== instanceId || pending.version !== loaded.version || !view) return;
    try {
      const telemetry = serviceTelemetry('execution');
      const definition = this.catalog.version(view.tenantId, view.definitionId, view.definitionVersion);
      if (!telemetry || !definition) return;
      const lookups = lookupsOf(definition);
      for (const e of pending.events) {
        if (e.type === 'StepEscalated')
          telemetry.metrics.escalations.add(1, lookups.escalation(e.data.stepId, e.data.level));
      }
      this.escalations.note(instanceId, pending.events);
      const closed = closedWork(pending.events, view, lookups, (activationId) =>
        this.escalations.take(instanceId, activationId),
      );
      recordClosedWork(telemetry, instanceId, closed, lookups, pending.parent);
    } catch {
      // Telemetry never fails a command; what this one closed goes unmeasured.
    }
  }

  private recorded(
    instanceId: string,
    events: readonly instance.InstanceEvent[],
    version: number,
    parent: string | undefined,
  ): void {
    this.pending = events.some((e) => OBSERVED.has(e.type))
      ? { instanceId, events, version, parent }
      : undefined;
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
      : { ...{}, ...context, traceparent: instanceTraceparent };
  return { context: kept, recorded: noop, end: noop };
}

function finish(span: Span, error: unknown): void {
  if (error !== undefined) {
    span.recordException(error instanceof Error ? error : String(error));
    span.setStatus({ code: SpanStatusCode.ERROR });
  }
  span.end();
}
