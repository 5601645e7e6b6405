import { executionV1 } from '@baton/contracts';
import { startTelemetry, traceIdOf, type TelemetryHandle } from '@baton/telemetry';
import { hrTimeToMilliseconds } from '@opentelemetry/core';
import { AggregationTemporality, InMemoryMetricExporter, type DataPoint } from '@opentelemetry/sdk-metrics';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { ExecutionTestApp, waitUntil } from '../testing/execution-test-app';

const INSTANCE_TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const OTHER_TRACE = '0af7651916cd43dd8448eb211c80319c';
const tp = (trace: string, span = '00f067aa0ba902b7', flags = '01') => `00-${trace}-${span}-${flags}`;
const UNSAMPLED_TRACE = '5bf92f3577b34da6a3ce929d0e0e4737';
const MINUTE = 60_000;

const hire = (candidateId: string) => ({
  candidateId,
  candidateName: 'Ada Lovelace',
  startDate: '2026-04-01',
  hiringManagerId: 'grace',
  jobTitle: 'Engineer',
  department: 'engineering',
  workLocation: 'Berlin',
});

describe('One trace per instance', () => {
  let t: ExecutionTestApp;
  beforeAll(async () => {
    t = await ExecutionTestApp.start();
    await t.publishDefinition('employee-onboarding.yaml');
  });
  afterAll(() => t.close());

  /** Starts an onboarding in INSTANCE_TRACE, assigns IT from another trace, IT starts with none. */
  async function run(businessKey: string, trace = tp(INSTANCE_TRACE)): Promise<string> {
    const started = await t.call(
      'startInstance',
      executionV1.StartInstanceRequest.fromPartial({
        definitionId: 'employee-onboarding',
        businessKey,
        data: hire(businessKey),
      }),
      'hr',
      trace,
    );
    const instance = started.instance as executionV1.Instance;
    const it = instance.activations.find((a) => a.stepId === 'provision-it') as executionV1.StepActivation;
    t.clock.advance(5 * MINUTE);
    await t.call(
      'assignStep',
      executionV1.AssignStepRequest.fromPartial({
        instanceId: instance.instanceId,
        activationId: it.activationId,
        personId: 'ivan',
        reason: 'direct',
      }),
      'ownership',
      tp(OTHER_TRACE),
    );
    t.clock.advance(10 * MINUTE);
    await t.call(
      'startStep',
      executionV1.StartStepRequest.fromPartial({
        instanceId: instance.instanceId,
        activationId: it.activationId,
      }),
      'ivan',
    );
    return instance.instanceId;
  }

  const traceIdsOf = async (instanceId: string) =>
    (await t.runtime.store.readStream(`instance-${instanceId}`)).map((e) =>
      traceIdOf(e.metadata.traceparent),
    );

  describe('with telemetry off', () => {
    it('records every event of the instance in the trace that started it, whoever calls later', async () => {
      const instanceId = await run('cand-off');
      const ids = await traceIdsOf(instanceId);
      expect(ids.length).toBeGreaterThan(4);
      expect(new Set(ids)).toEqual(new Set([INSTANCE_TRACE]));
    });
  });

  describe('with telemetry on', () => {
    const spans = new InMemorySpanExporter();
    let telemetry: TelemetryHandle | undefined;
    beforeAll(() => {
      telemetry = startTelemetry({ config: { enabled: true, metrics: 'none' }, spanExporter: spans });
    });
    afterAll(() => telemetry?.shutdown());

    it('runs each command in the instance’s trace, linking a caller from another trace', async () => {
      const instanceId = await run('cand-on');
      expect(new Set(await traceIdsOf(instanceId))).toEqual(new Set([INSTANCE_TRACE]));
      const assign = spans.getFinishedSpans().find((s) => s.name === 'execute AssignStep');
      expect(assign?.spanContext().traceId).toBe(INSTANCE_TRACE);
      expect(assign?.links.map((l) => l.context.traceId)).toEqual([OTHER_TRACE]);
      // The gRPC server span stays in the caller's trace.
      const server = spans.getFinishedSpans().find((s) => s.name.endsWith('ExecutionService/AssignStep'));
      expect(server?.spanContext().traceId).toBe(OTHER_TRACE);
    });

    it('records the handoff into a started step as a span from the instance start to the step start', async () => {
      await waitUntil(() => spans.getFinishedSpans().some((s) => s.name === 'handoff start→provision-it'));
      const handoff = spans.getFinishedSpans().find((s) => s.name === 'handoff start→provision-it');
      expect(handoff?.spanContext().traceId).toBe(INSTANCE_TRACE);
      expect(hrTimeToMilliseconds(handoff?.duration ?? [0, 0])).toBe(15 * MINUTE);
      expect(handoff?.attributes).toMatchObject({
        'baton.definition.id': 'employee-onboarding',
        'baton.handoff.from_step': 'start',
        'baton.handoff.to_step': 'provision-it',
        'baton.handoff.routing_ms': 0,
        'baton.handoff.assignment_ms': 5 * MINUTE,
        'baton.handoff.pickup_ms': 10 * MINUTE,
        'baton.handoff.sla_breached': false,
      });
    });
  });

  describe('with telemetry on, for an instance whose trace is not sampled', () => {
    const spans = new InMemorySpanExporter();
    const metrics = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
    let telemetry: TelemetryHandle | undefined;
    beforeAll(() => {
      telemetry = startTelemetry({
        config: { enabled: true, sampleRatio: 0, metricIntervalMs: 3_600_000 },
        spanExporter: spans,
        metricExporter: metrics,
      });
    });
    afterAll(() => telemetry?.shutdown());

    it('makes no span of it, keeps its events in its trace and still measures its handoffs', async () => {
      const instanceId = await run('cand-unsampled', tp(UNSAMPLED_TRACE, '00f067aa0ba902b7', '00'));
      expect(new Set(await traceIdsOf(instanceId))).toEqual(new Set([UNSAMPLED_TRACE]));
      await telemetry?.forceFlush();
      expect(spans.getFinishedSpans().filter((s) => s.spanContext().traceId === UNSAMPLED_TRACE)).toEqual([]);
      const handoffs = metrics
        .getMetrics()
        .flatMap((r) => r.scopeMetrics.flatMap((m) => m.metrics))
        .filter((m) => m.descriptor.name === 'baton.handoff.duration')
        .flatMap((m) => m.dataPoints as readonly DataPoint<unknown>[]);
      expect(handoffs).toContainEqual(
        expect.objectContaining({
          attributes: {
            'baton.definition.id': 'employee-onboarding',
            'baton.definition.version': 1,
            'baton.handoff.from_step': 'start',
            'baton.handoff.to_step': 'provision-it',
            'baton.handoff.to_team': 'it-service-desk',
          },
          value: expect.objectContaining({ count: 1, sum: (15 * MINUTE) / 1000 }),
        }),
      );
    });
  });
});
