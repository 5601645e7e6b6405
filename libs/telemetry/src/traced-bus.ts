import { SpanKind, SpanStatusCode, type Attributes, type Span } from '@opentelemetry/api';
import {
  ATTR_MESSAGING_CONSUMER_GROUP_NAME,
  ATTR_MESSAGING_DESTINATION_NAME,
  ATTR_MESSAGING_DESTINATION_PARTITION_ID,
  ATTR_MESSAGING_KAFKA_MESSAGE_KEY,
  ATTR_MESSAGING_KAFKA_OFFSET,
  ATTR_MESSAGING_MESSAGE_ID,
  ATTR_MESSAGING_OPERATION_NAME,
  ATTR_MESSAGING_OPERATION_TYPE,
  ATTR_MESSAGING_SYSTEM,
  MESSAGING_SYSTEM_KAFKA,
} from './semconv';
import { traceparentOfSpan, type ServiceTelemetry } from './service-telemetry';
import { metricAttributes } from './metric-attributes';
import { sampledOut } from './trace-context';
import { serviceTelemetry } from './telemetry-state';

// The shapes of libs/messaging's bus port that this wrapper needs (structural, so this library
// does not depend on the messaging library, which depends on it for its consumer metrics).
interface Message {
  readonly key: string;
  readonly value: Buffer;
  readonly headers: Readonly<Record<string, string>>;
}
interface Incoming extends Message {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
}
type Subscribe = { readonly topic: string; readonly groupId: string } & (
  | { readonly handler: (m: Incoming) => Promise<void> }
  | { readonly batchHandler: (ms: readonly Incoming[]) => Promise<void> }
);
interface Bus {
  publish(topic: string, messages: readonly Message[]): Promise<void>;
  subscribe(options: Subscribe): Promise<unknown>;
}

const TRACEPARENT = 'traceparent';
const EVENT_ID = 'event-id';
/** Set by the relay's mapper: when the event was recorded in the store (epoch ms). */
export const RECORDED_AT_HEADER = 'recorded-at';

/**
 * The bus with messaging spans: each published message that carries a `traceparent` gets a
 * PRODUCER span `send <topic>` (child of it) and leaves with that span as its `traceparent`;
 * each consumed message gets a CONSUMER span `process <topic>` under its header, and its handler
 * sees that span as the message's `traceparent`, so whatever the handler records or calls next
 * continues the trace. Messages without a `traceparent`, or of a trace not sampled, are passed on
 * untouched (the bus continues traces; it does not start them). Consumers also report
 * `baton.consumer.lag`, once per delivery (a batch: its oldest message's).
 * A Proxy, so everything else (and `instanceof`) is the wrapped bus itself.
 */
export function tracedBus<B extends object>(bus: B, service: string): B {
  const telemetry = serviceTelemetry(service);
  if (!telemetry) return bus;
  const inner = bus as unknown as Bus;
  const publish: Bus['publish'] = (topic, messages) => publishTraced(telemetry, inner, topic, messages);
  const subscribe: Bus['subscribe'] = (options) => inner.subscribe(consumeTraced(telemetry, options));
  return new Proxy(bus, {
    get(target, property) {
      if (property === 'publish') return publish;
      if (property === 'subscribe') return subscribe;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

async function publishTraced(
  telemetry: ServiceTelemetry,
  bus: Bus,
  topic: string,
  messages: readonly Message[],
): Promise<void> {
  // Most messages are of traces not sampled: those publish as they came, with nothing allocated.
  if (!messages.some(traced)) return bus.publish(topic, messages);
  const spans: Span[] = [];
  const sendName = `send ${topic}`;
  const out = messages.map((m) => {
    const parent = m.headers[TRACEPARENT];
    if (!parent || !traced(m)) return m;
    const span = telemetry.startSpan(sendName, {
      kind: SpanKind.PRODUCER,
      parent,
      attributes: messagingAttributes(topic, m, 'send'),
    });
    spans.push(span);
    return { ...{}, ...m, headers: { ...{}, ...m.headers, [TRACEPARENT]: traceparentOfSpan(span) } };
  });
  try {
    await bus.publish(topic, out);
  } catch (error) {
    for (const span of spans) failed(span, error);
    throw error;
  } finally {
    for (const span of spans) span.end();
  }
}

function consumeTraced(telemetry: ServiceTelemetry, options: Subscribe): Subscribe {
  const { topic, groupId } = options;
  const lagAttributes = metricAttributes({
    [ATTR_MESSAGING_DESTINATION_NAME]: topic,
    [ATTR_MESSAGING_CONSUMER_GROUP_NAME]: groupId,
  });
  const lag = telemetry.metrics.consumerLag;
  /** One lag per delivery: its oldest message's (a batch is handled, and late, as one). */
  const recordLag = (ms: readonly Incoming[]) => {
    let oldest = Infinity;
    for (const m of ms) {
      const recordedAt = Number(m.headers[RECORDED_AT_HEADER]);
      if (recordedAt > 0 && recordedAt < oldest) oldest = recordedAt;
    }
    if (oldest !== Infinity) lag.record(Math.max(0, Date.now() - oldest) / 1000, lagAttributes);
  };
  const recordLagOf = (m: Incoming) => {
    const recordedAt = Number(m.headers[RECORDED_AT_HEADER]);
    if (recordedAt > 0) lag.record(Math.max(0, Date.now() - recordedAt) / 1000, lagAttributes);
  };
  const processName = `process ${topic}`;
  const begin = (m: Incoming): { message: Incoming; span?: Span } => {
    const parent = m.headers[TRACEPARENT];
    if (!parent || !traced(m)) return { message: m };
    const span = telemetry.startSpan(processName, {
      kind: SpanKind.CONSUMER,
      parent,
      attributes: messagingAttributes(topic, m, 'process', groupId),
    });
    return {
      message: { ...{}, ...m, headers: { ...{}, ...m.headers, [TRACEPARENT]: traceparentOfSpan(span) } },
      span,
    };
  };
  const settle = async (spans: readonly (Span | undefined)[], work: Promise<void>) => {
    try {
      await work;
    } catch (error) {
      for (const span of spans) if (span) failed(span, error);
      throw error;
    } finally {
      for (const span of spans) span?.end();
    }
  };
  if ('handler' in options) {
    const { handler } = options;
    return {
      ...{},
      ...options,
      handler: (m) => {
        recordLagOf(m);
        if (!traced(m)) return handler(m);
        const { message, span } = begin(m);
        return settle([span], handler(message));
      },
    };
  }
  const { batchHandler } = options;
  return {
    ...{},
    ...options,
    batchHandler: (ms) => {
      recordLag(ms);
      // A batch of untraced messages (the usual one when sampling) is handed on as it came.
      if (!ms.some(traced)) return batchHandler(ms);
      const begun = ms.map(begin);
      return settle(
        begun.map((b) => b.span),
        batchHandler(begun.map((b) => b.message)),
      );
    },
  };
}

/** Whether a message continues a sampled trace (and so gets a span). */
function traced(m: Message): boolean {
  const parent = m.headers[TRACEPARENT];
  return parent !== undefined && parent !== '' && !sampledOut(parent);
}

/** A message's span attributes, made in one object (a consumer's name its group). */
function messagingAttributes(topic: string, m: Message, operation: string, group?: string): Attributes {
  const attributes: Attributes = {
    [ATTR_MESSAGING_SYSTEM]: MESSAGING_SYSTEM_KAFKA,
    [ATTR_MESSAGING_DESTINATION_NAME]: topic,
    [ATTR_MESSAGING_OPERATION_NAME]: operation,
    [ATTR_MESSAGING_OPERATION_TYPE]: operation,
    [ATTR_MESSAGING_KAFKA_MESSAGE_KEY]: m.key,
  };
  const id = m.headers[EVENT_ID];
  if (id) attributes[ATTR_MESSAGING_MESSAGE_ID] = id;
  if (group !== undefined) {
    const { partition, offset } = m as Incoming;
    attributes[ATTR_MESSAGING_CONSUMER_GROUP_NAME] = group;
    attributes[ATTR_MESSAGING_DESTINATION_PARTITION_ID] = String(partition);
    attributes[ATTR_MESSAGING_KAFKA_OFFSET] = Number(offset);
  }
  return attributes;
}

function failed(span: Span, error: unknown): void {
  span.recordException(error instanceof Error ? error : String(error));
  span.setStatus({ code: SpanStatusCode.ERROR });
}
