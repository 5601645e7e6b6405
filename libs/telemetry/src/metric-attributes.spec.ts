import { AggregationTemporality, InMemoryMetricExporter } from '@opentelemetry/sdk-metrics';
import { cacheFrozenAttributeHashes, metricAttributes } from './metric-attributes';
import { processTelemetry, startTelemetry } from './telemetry-state';

type Hash = (attributes: object) => string;
const utils = (): { hashAttributes: Hash } =>
  require('@opentelemetry/sdk-metrics/build/src/utils') as { hashAttributes: Hash };

describe('frozen metric attribute sets', () => {
  it('are hashed once, as the SDK hashes them; other objects are hashed at every call', () => {
    cacheFrozenAttributeHashes();
    cacheFrozenAttributeHashes(); // once is enough, twice changes nothing
    const frozen = metricAttributes({ 'b.key': 2, 'a.key': 'x' });
    const plain = { 'a.key': 'x', 'b.key': 2 };
    const { hashAttributes } = utils();
    expect(hashAttributes(frozen)).toBe('[["a.key","x"],["b.key",2]]');
    expect(hashAttributes(frozen)).toBe(hashAttributes(plain));
    expect(hashAttributes({})).toBe('');
    // The plain object is not remembered: changed, it hashes as what it now holds.
    plain['b.key'] = 3;
    expect(hashAttributes(plain)).toBe('[["a.key","x"],["b.key",3]]');
    expect(Object.isFrozen(frozen)).toBe(true);
  });

  it('record into the same data point as an equal object that is not frozen', async () => {
    const metrics = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
    const handle = startTelemetry({
      config: { enabled: true, traces: 'none', metricIntervalMs: 3_600_000 },
      metricExporter: metrics,
    });
    try {
      const lag = processTelemetry()?.metrics.consumerLag;
      const frozen = metricAttributes({
        'messaging.destination.name': 't',
        'messaging.consumer.group.name': 'g',
      });
      lag?.record(0.5, frozen);
      lag?.record(1.5, frozen);
      lag?.record(2, { 'messaging.consumer.group.name': 'g', 'messaging.destination.name': 't' });
      lag?.record(
        3,
        metricAttributes({ 'messaging.destination.name': 't', 'messaging.consumer.group.name': 'h' }),
      );
      await handle?.forceFlush();
      const points = metrics
        .getMetrics()
        .flatMap((r) => r.scopeMetrics.flatMap((s) => s.metrics))
        .filter((m) => m.descriptor.name === 'baton.consumer.lag')
        .flatMap((m) =>
          m.dataPoints.map((p) => {
            const { count, sum } = p.value as { count: number; sum: number };
            return [p.attributes['messaging.consumer.group.name'], { count, sum }];
          }),
        );
      expect(Object.fromEntries(points)).toEqual({ g: { count: 3, sum: 4 }, h: { count: 1, sum: 3 } });
    } finally {
      await handle?.shutdown();
    }
  });
});
