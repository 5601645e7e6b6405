import { commonV1, TRIGGERS_TOPIC } from '@baton/contracts';
import { instanceTimings, type ClosedHandoff, type instance } from '@baton/domain';
import { KafkaMessageBus, MessageHeaders } from '@baton/messaging';
import { ExecutionDefinitionCatalog } from '@baton/service-execution';
import { DeadlineScheduler } from '@baton/service-ownership';
import { ManualClock, toDomainEvent } from '@baton/service-kit';
import { startTelemetry, type TelemetryHandle } from '@baton/telemetry';
import { databaseUrl, describeWith, kafkaBrokers, uniqueName } from '@baton/testing';
import { hrTimeToMilliseconds } from '@opentelemetry/core';
import { AggregationTemporality, InMemoryMetricExporter, type MetricData } from '@opentelemetry/sdk-metrics';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { randomBytes } from 'node:crypto';
import { BatonClients } from './baton-clients';
import { startDistributedCluster, type DistributedCluster } from './distributed-cluster';
import { eventually, onboarding, type ScenarioResult } from './scenarios';
import { durationMs, printTrace, serviceOf } from './telemetry/trace-tree';

const T0 = Date.parse('2026-03-02T09:00:00Z');

// One onboarding instance through the distributed services (real Kafka and PostgreSQL), with the
// SDK exporting to memory: the instance's trace starts under the HR system's traceparent on the
// trigger, crosses execution, the relay, ownership and analytics, and holds one span per handoff
// timed exactly as the handoff math times it.
describeWith(['kafka', 'postgres'], 'Telemetry over the distributed services', () => {
  const spans = new InMemorySpanExporter();
  const metrics = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  const clock = new ManualClock(T0);
  const producerTraceId = randomBytes(16).toString('hex');
  const producerSpanId = randomBytes(8).toString('hex');
  let telemetry: TelemetryHandle | undefined;
  let cluster: DistributedCluster;
  let producer: KafkaMessageBus;
  let clients: BatonClients;
  let result: ScenarioResult;
  let trace: ReadableSpan[];

  beforeAll(async () => {
    telemetry = startTelemetry({
      config: { enabled: true, metricIntervalMs: 3_600_000 },
      spanExporter: spans,
      metricExporter: metrics,
      service: 'execution',
    });
    cluster = await startDistributedCluster({
      databaseUrl: databaseUrl(),
      kafkaBrokers: kafkaBrokers(),
      prefix: uniqueName('otel'),
      clock,
    });
    producer = new KafkaMessageBus({
      brokers: kafkaBrokers(),
      clientId: 'hr-system',
      topicPrefix: cluster.topicPrefix,
    });
    clients = new BatonClients(cluster.addresses);
    const catalog = cluster.execution.app.get(ExecutionDefinitionCatalog);
    await eventually('execution to know the reference definitions', async () =>
      catalog.version('default', 'employee-onboarding', 1) ? true : undefined,
    );
    result = await onboarding(
      {
        clients,
        produceTrigger: (t) =>
          producer.publish(TRIGGERS_TOPIC, [
            {
              key: t.correlationKey,
              value: Buffer.from(commonV1.TriggerEvent.encode(commonV1.TriggerEvent.fromPartial(t)).finish()),
              headers: {
                [MessageHeaders.contentType]: 'application/x-protobuf',
                // The HR system's own span: the instance's trace must continue it.
                [MessageHeaders.traceparent]: `00-${producerTraceId}-${producerSpanId}-01`,
              },
            },
          ]),
        advanceClock: (ms) => clock.advance(ms),
        tickDeadlines: () => cluster.ownership.app.get(DeadlineScheduler).tick(),
      },
      clock.now(),
    );
    // Analytics answered with the whole trail; its delivery spans end right after the commit.
    trace = await eventually('the analytics spans of the last event', async () => {
      await telemetry?.forceFlush();
      const found = spans.getFinishedSpans().filter((s) => s.spanContext().traceId === producerTraceId);
      const analytics = found.filter((s) => serviceOf(s) === 'baton-analytics');
      return analytics.length >= Number(result.instance.streamVersion) ? found : undefined;
    });
    console.log(`One onboarding instance's trace (${trace.length} spans):\n${printTrace(trace)}`);
  }, 180_000);

  afterAll(async () => {
    clients?.close();
    await producer?.close();
    await cluster?.stop();
    await telemetry?.shutdown();
  });

  const named = (prefix: string) => trace.filter((s) => s.name.startsWith(prefix));

  it('continues the trigger producer’s trace: its span is the parent of the instance’s trace', async () => {
    const consumed = trace.filter((s) => s.parentSpanContext?.spanId === producerSpanId);
    expect(consumed.map((s) => s.name)).toContain(`process ${TRIGGERS_TOPIC}`);
    const events = await cluster.execution.runtime.store.readStream(`instance-${result.instance.instanceId}`);
    // Every event of the instance carries a context of that one trace.
    expect(events.map((e) => e.metadata.traceparent?.split('-')[1])).toEqual(
      events.map(() => producerTraceId),
    );
  });

  it('crosses the services: execution’s commands and relay, ownership’s assignment, analytics’ projections', () => {
    expect(new Set(trace.map(serviceOf))).toEqual(
      new Set(['baton-execution', 'baton-ownership', 'baton-analytics']),
    );
    expect(named('execute ').map((s) => s.name)).toEqual(
      expect.arrayContaining(['execute StartInstance', 'execute AssignStep', 'execute CompleteStep']),
    );
    const send = named('send baton.execution.events.v1');
    expect(send.length).toBe(Number(result.instance.streamVersion));
    expect(send[0]?.attributes).toMatchObject({
      'messaging.system': 'kafka',
      'messaging.operation.type': 'send',
    });
    const assign = trace.find((s) => s.name === 'baton.execution.v1.ExecutionService/AssignStep');
    expect(assign?.attributes).toMatchObject({ 'rpc.system.name': 'grpc', 'rpc.status_code': 'OK' });
    // Ownership's delivery is the parent of the AssignStep it sent.
    const parent = trace.find((s) => s.spanContext().spanId === assign?.parentSpanContext?.spanId);
    expect(parent && serviceOf(parent)).toBe('baton-ownership');
    const groups = new Set(
      trace
        .filter((s) => serviceOf(s) === 'baton-analytics')
        .map((s) => s.attributes['messaging.consumer.group.name']),
    );
    expect(groups.size).toBeGreaterThan(0);
  });

  it('times each handoff span as the handoff math does, within a millisecond', async () => {
    const recorded = await cluster.execution.runtime.store.readStream(
      `instance-${result.instance.instanceId}`,
    );
    const closed = instanceTimings(
      recorded.map((e) => toDomainEvent<instance.InstanceEvent>(e)),
    ).handoffs.filter((h): h is ClosedHandoff => !h.open);
    const handoffs = named('handoff ');
    expect(handoffs).toHaveLength(closed.length);
    for (const h of closed) {
      const span = handoffs.find(
        (s) =>
          s.attributes['baton.handoff.id'] === h.handoffId &&
          s.name === `handoff ${h.fromStepId}→${h.toStepId}`,
      );
      expect(span).toBeDefined();
      if (!span) continue;
      expect(Math.abs(durationMs(span) - h.totalMs)).toBeLessThanOrEqual(1);
      expect(Math.abs(hrTimeToMilliseconds(span.startTime) - h.completedAt)).toBeLessThanOrEqual(1);
      expect(span.attributes).toMatchObject({
        'baton.definition.id': 'employee-onboarding',
        'baton.definition.version': 1,
        'baton.handoff.from_step': h.fromStepId,
        'baton.handoff.to_step': h.toStepId,
        'baton.handoff.routing_ms': h.routingMs,
        'baton.handoff.total_ms': h.totalMs,
      });
    }
    // Step work too: one span per step that ended.
    const ended = recorded.filter((e) => e.type === 'StepCompleted' || e.type === 'StepFailed');
    expect(named('step ').length).toBe(ended.length);
  });

  it('reports metrics with the attributes SREs group by', async () => {
    await telemetry?.forceFlush();
    const all: MetricData[] = metrics.getMetrics().flatMap((r) => r.scopeMetrics.flatMap((s) => s.metrics));
    const points = (name: string) =>
      all.filter((m) => m.descriptor.name === name).flatMap((m) => m.dataPoints.map((p) => p.attributes));
    expect(points('baton.handoff.duration')).toContainEqual(
      expect.objectContaining({
        'baton.definition.id': 'employee-onboarding',
        'baton.handoff.from_step': 'start',
        'baton.handoff.to_step': 'provision-it',
        'baton.handoff.to_team': expect.any(String),
      }),
    );
    expect(points('baton.step.work.duration')).toContainEqual(
      expect.objectContaining({
        'baton.definition.id': 'employee-onboarding',
        'baton.step.id': 'provision-it',
      }),
    );
    // IT was completed after its deadline.
    expect(points('baton.sla.breaches')).toContainEqual(
      expect.objectContaining({ 'baton.sla.kind': 'step', 'baton.step.id': 'provision-it' }),
    );
    expect(points('baton.escalations')).toContainEqual(
      expect.objectContaining({ 'baton.step.id': 'provision-it', 'baton.escalation.level': 1 }),
    );
    expect(points('rpc.server.call.duration')).toContainEqual(
      expect.objectContaining({
        'rpc.method': 'baton.execution.v1.ExecutionService/CompleteStep',
        'rpc.status_code': 'OK',
      }),
    );
    expect(points('baton.relay.lag')).toContainEqual({ 'baton.relay': 'relay:execution' });
    expect(points('baton.consumer.lag')).toContainEqual(
      expect.objectContaining({ 'messaging.destination.name': 'baton.execution.events.v1' }),
    );
  });
});
