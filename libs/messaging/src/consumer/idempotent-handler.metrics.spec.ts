import { startTelemetry, type TelemetryHandle } from '@baton/telemetry';
import { AggregationTemporality, InMemoryMetricExporter } from '@opentelemetry/sdk-metrics';
import { idempotentHandler } from './idempotent-handler';
import type { UnitOfWork } from './unit-of-work.port';

const direct: UnitOfWork<undefined> = {
  transaction: (work) => work(undefined),
  markProcessed: async () => true,
};

describe('idempotentHandler with telemetry on', () => {
  const exporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  let telemetry: TelemetryHandle | undefined;
  beforeAll(() => {
    telemetry = startTelemetry({
      config: { enabled: true, traces: 'none', metricIntervalMs: 3_600_000 },
      metricExporter: exporter,
      service: 'ownership',
    });
  });
  afterAll(() => telemetry?.shutdown());

  it('counts the retried attempts and the dead letter of a message that keeps failing', async () => {
    const handler = idempotentHandler({
      consumer: 'ownership-assignment',
      unitOfWork: direct,
      handle: async () => {
        throw new TypeError('broken');
      },
      deadLetter: { bus: { publish: async () => undefined }, topic: 'dlq' },
      maxAttempts: 3,
      sleep: async () => undefined,
    });
    await handler({ topic: 'in', partition: 0, offset: '1', key: 'k', value: Buffer.alloc(0), headers: {} });
    await telemetry?.forceFlush();
    const sums = new Map(
      exporter
        .getMetrics()
        .flatMap((r) => r.scopeMetrics.flatMap((s) => s.metrics))
        .map((m) => [m.descriptor.name, m.dataPoints] as const),
    );
    const group = {
      'messaging.consumer.group.name': 'ownership-assignment',
      'messaging.destination.name': 'in',
    };
    expect(sums.get('baton.consumer.retries')).toEqual([
      expect.objectContaining({ attributes: group, value: 2 }),
    ]);
    expect(sums.get('baton.consumer.dead_letters')).toEqual([
      expect.objectContaining({ attributes: { ...group, 'error.type': 'TypeError' }, value: 1 }),
    ]);
  });
});
