import { AggregationTemporality, InMemoryMetricExporter } from '@opentelemetry/sdk-metrics';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { startServerCall } from './grpc-server-telemetry';
import { sampledOut, spanContextOf } from './trace-context';
import { tracedBus } from './traced-bus';
import { startTelemetry, telemetryOn } from './telemetry-state';

const TP = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';

interface Sent {
  topic: string;
  messages: readonly { key: string; value: Buffer; headers: Readonly<Record<string, string>> }[];
}

class FakeBus {
  readonly sent: Sent[] = [];
  handler?: (m: {
    topic: string;
    partition: number;
    offset: string;
    key: string;
    value: Buffer;
    headers: Record<string, string>;
  }) => Promise<void>;
  extra = 'kept';
  async publish(topic: string, messages: Sent['messages']) {
    this.sent.push({ topic, messages });
  }
  async subscribe(options: { topic: string; groupId: string; handler: NonNullable<FakeBus['handler']> }) {
    this.handler = options.handler;
    return { stop: async () => undefined };
  }
}

describe('telemetry off', () => {
  it('leaves the bus as it is and starts no server span', () => {
    expect(telemetryOn()).toBe(false);
    const bus = new FakeBus();
    expect(tracedBus(bus, 'execution')).toBe(bus);
    expect(startServerCall('/baton.execution.v1.ExecutionService/StartStep', TP)).toBeUndefined();
  });
});

describe('tracedBus', () => {
  const spans = new InMemorySpanExporter();
  let handle: ReturnType<typeof startTelemetry>;
  beforeAll(() => {
    handle = startTelemetry({ config: { enabled: true, metrics: 'none' }, spanExporter: spans });
  });
  afterAll(() => handle?.shutdown());

  it('sends each traced message under a PRODUCER span and delivers it under a CONSUMER span', async () => {
    const bus = new FakeBus();
    const traced = tracedBus(bus, 'execution');
    expect(traced).toBeInstanceOf(FakeBus);
    expect(traced.extra).toBe('kept');
    await traced.publish('t', [
      { key: 'k', value: Buffer.alloc(0), headers: { traceparent: TP, 'event-id': 'e1' } },
      { key: 'k', value: Buffer.alloc(0), headers: {} },
    ]);
    const [traced1, untraced] = bus.sent[0]?.messages ?? [];
    const send = spans.getFinishedSpans().find((s) => s.name === 'send t');
    expect(send?.parentSpanContext?.spanId).toBe('b7ad6b7169203331');
    expect(spanContextOf(traced1?.headers['traceparent'])?.spanId).toBe(send?.spanContext().spanId);
    expect(untraced?.headers).toEqual({});

    let seen: string | undefined;
    await traced.subscribe({
      topic: 't',
      groupId: 'g',
      handler: async (m: { headers: Record<string, string> }) => {
        seen = m.headers['traceparent'];
      },
    });
    await bus.handler?.({
      topic: 't',
      partition: 0,
      offset: '7',
      key: 'k',
      value: Buffer.alloc(0),
      headers: { ...traced1?.headers },
    });
    const process = spans.getFinishedSpans().find((s) => s.name === 'process t');
    expect(process?.parentSpanContext?.spanId).toBe(send?.spanContext().spanId);
    expect(process?.attributes).toMatchObject({
      'messaging.consumer.group.name': 'g',
      'messaging.kafka.offset': 7,
    });
    expect(spanContextOf(seen)?.spanId).toBe(process?.spanContext().spanId);
    expect(String(process?.resource.attributes['service.name'])).toBe('baton-execution');
  });

  it('passes the messages of a trace that was not sampled on untouched, with no span', async () => {
    const unsampled = TP.replace(/-01$/, '-00');
    const bus = new FakeBus();
    const traced = tracedBus(bus, 'execution');
    spans.reset();
    await traced.publish('u', [{ key: 'k', value: Buffer.alloc(0), headers: { traceparent: unsampled } }]);
    let seen: string | undefined;
    await traced.subscribe({
      topic: 'u',
      groupId: 'g',
      handler: async (m: { headers: Record<string, string> }) => {
        seen = m.headers['traceparent'];
      },
    });
    await bus.handler?.({
      topic: 'u',
      partition: 0,
      offset: '1',
      key: 'k',
      value: Buffer.alloc(0),
      headers: { traceparent: unsampled },
    });
    expect(bus.sent[0]?.messages[0]?.headers).toEqual({ traceparent: unsampled });
    expect(seen).toBe(unsampled);
    expect(spans.getFinishedSpans()).toEqual([]);
  });

  it('serves a gRPC call under a SERVER span named by its method, with its status', () => {
    const call = startServerCall('/baton.ownership.v1.OwnershipService/WhoOwns', TP);
    call?.end(5);
    const span = spans
      .getFinishedSpans()
      .find((s) => s.name === 'baton.ownership.v1.OwnershipService/WhoOwns');
    expect(span?.attributes).toMatchObject({ 'rpc.system.name': 'grpc', 'rpc.status_code': 'NOT_FOUND' });
    expect(String(span?.resource.attributes['service.name'])).toBe('baton-ownership');
    expect(spanContextOf(call?.traceparent)?.traceId).toBe('0af7651916cd43dd8448eb211c80319c');
  });

  it('starts a new trace under a SERVER span for a caller without one', () => {
    spans.reset();
    const call = startServerCall('/baton.execution.v1.ExecutionService/StartInstance', undefined);
    call?.end(0);
    const [span] = spans.getFinishedSpans();
    expect(span?.parentSpanContext).toBeUndefined();
    expect(call?.traceparent).toBe(`00-${span?.spanContext().traceId}-${span?.spanContext().spanId}-01`);
  });

  it('serves a caller of a trace not sampled with no span, passing its traceparent on', () => {
    const unsampled = TP.replace(/-01$/, '-00');
    spans.reset();
    const call = startServerCall('/baton.ownership.v1.OwnershipService/WhoOwns', unsampled);
    call?.end(0);
    expect(call?.traceparent).toBe(unsampled);
    expect(spans.getFinishedSpans()).toEqual([]);
  });
});

describe('gRPC server metrics', () => {
  const metrics = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  let handle: ReturnType<typeof startTelemetry>;
  beforeAll(() => {
    handle = startTelemetry({
      config: { enabled: true, sampleRatio: 0, metricIntervalMs: 3_600_000 },
      spanExporter: new InMemorySpanExporter(),
      metricExporter: metrics,
    });
  });
  afterAll(() => handle?.shutdown());

  it('starts a trace for a caller without one, and when the sampler drops it makes no span', () => {
    const call = startServerCall('/baton.execution.v1.ExecutionService/StartInstance', undefined);
    expect(call && sampledOut(call.traceparent)).toBe(true);
    call?.end(0);
  });

  it('records every call by method and status, sampled or not', async () => {
    const unsampled = TP.replace(/-01$/, '-00');
    startServerCall('/baton.execution.v1.ExecutionService/StartStep', unsampled)?.end(0);
    startServerCall('/baton.execution.v1.ExecutionService/StartStep', undefined)?.end(0);
    startServerCall('/baton.execution.v1.ExecutionService/StartStep', TP)?.end(9);
    await handle?.forceFlush();
    const points = metrics
      .getMetrics()
      .flatMap((r) => r.scopeMetrics.flatMap((s) => s.metrics))
      .filter((m) => m.descriptor.name === 'rpc.server.call.duration')
      .flatMap((m) =>
        m.dataPoints.map((p) => [p.attributes['rpc.status_code'], (p.value as { count: number }).count]),
      );
    expect(Object.fromEntries(points)).toEqual({ OK: 2, FAILED_PRECONDITION: 1 });
  });
});
