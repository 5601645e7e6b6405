import { telemetryConfigFromEnv } from './telemetry-config';

describe('telemetryConfigFromEnv', () => {
  it('is off by default, so tests and `npm start` export nothing', () => {
    expect(telemetryConfigFromEnv({}).enabled).toBe(false);
  });

  it('is on with BATON_TELEMETRY=on or an OTLP endpoint', () => {
    expect(telemetryConfigFromEnv({ BATON_TELEMETRY: 'on' }).enabled).toBe(true);
    expect(telemetryConfigFromEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' }).enabled).toBe(
      true,
    );
  });

  it('is off whenever OTEL_SDK_DISABLED=true or BATON_TELEMETRY=off', () => {
    expect(telemetryConfigFromEnv({ BATON_TELEMETRY: 'on', OTEL_SDK_DISABLED: 'true' }).enabled).toBe(false);
    expect(
      telemetryConfigFromEnv({ BATON_TELEMETRY: 'off', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' })
        .enabled,
    ).toBe(false);
  });

  it('reads the transport, exporters, sampler and metric interval from the standard variables', () => {
    expect(
      telemetryConfigFromEnv({
        BATON_TELEMETRY: 'on',
        OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
        OTEL_METRICS_EXPORTER: 'none',
        OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
        OTEL_TRACES_SAMPLER_ARG: '0.25',
        OTEL_METRIC_EXPORT_INTERVAL: '15000',
        OTEL_BSP_MAX_QUEUE_SIZE: '65536',
        OTEL_BSP_SCHEDULE_DELAY: 'soon',
      }),
    ).toEqual({
      enabled: true,
      traces: 'otlp',
      metrics: 'none',
      protocol: 'grpc',
      sampleRatio: 0.25,
      metricIntervalMs: 15_000,
      spanBatch: { maxQueueSize: 65_536 },
    });
    expect(telemetryConfigFromEnv({}).protocol).toBe('http/protobuf');
  });
});
