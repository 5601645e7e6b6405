type Env = Readonly<Record<string, string | undefined>>;

/** Where spans and metrics go, when telemetry is on. */
export type ExporterKind = 'otlp' | 'none';

/** What {@link startTelemetry} needs from the environment. */
export interface TelemetryConfig {
  readonly enabled: boolean;
  readonly traces: ExporterKind;
  readonly metrics: ExporterKind;
  /** OTLP transport: `grpc` or `http/protobuf` (the OTel default). */
  readonly protocol: 'grpc' | 'http/protobuf';
  /** Head sampling ratio of new traces (1 = all); children follow their parent's decision. */
  readonly sampleRatio: number;
  readonly metricIntervalMs: number;
  /** The span batch processor's `OTEL_BSP_*` settings (the 2.x SDK no longer reads them itself). */
  readonly spanBatch: {
    readonly maxQueueSize?: number;
    readonly maxExportBatchSize?: number;
    readonly scheduledDelayMillis?: number;
    readonly exportTimeoutMillis?: number;
  };
}

const ON = new Set(['on', 'true', '1']);
const OFF = new Set(['off', 'false', '0']);

/**
 * Telemetry is off unless asked for: `BATON_TELEMETRY=on`, or an OTLP endpoint
 * (`OTEL_EXPORTER_OTLP_ENDPOINT` or `..._TRACES_ENDPOINT`) without `BATON_TELEMETRY=off`.
 * `OTEL_SDK_DISABLED=true` turns it off whatever else is set (the standard kill switch), and
 * `OTEL_TRACES_EXPORTER` / `OTEL_METRICS_EXPORTER` = `none` silence one signal.
 */
export function telemetryConfigFromEnv(env: Env = process.env): TelemetryConfig {
  const flag = env['BATON_TELEMETRY']?.trim().toLowerCase() ?? '';
  const endpoint = env['OTEL_EXPORTER_OTLP_ENDPOINT'] || env['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'];
  const disabled = env['OTEL_SDK_DISABLED']?.trim().toLowerCase() === 'true' || OFF.has(flag);
  const exporter = (name: string): ExporterKind =>
    env[name]?.trim().toLowerCase() === 'none' ? 'none' : 'otlp';
  const protocol = (env['OTEL_EXPORTER_OTLP_TRACES_PROTOCOL'] || env['OTEL_EXPORTER_OTLP_PROTOCOL'] || '')
    .trim()
    .toLowerCase();
  return {
    enabled: !disabled && (ON.has(flag) || Boolean(endpoint)),
    traces: exporter('OTEL_TRACES_EXPORTER'),
    metrics: exporter('OTEL_METRICS_EXPORTER'),
    protocol: protocol === 'grpc' ? 'grpc' : 'http/protobuf',
    sampleRatio: sampleRatioOf(env),
    metricIntervalMs: Number(env['OTEL_METRIC_EXPORT_INTERVAL']) || 60_000,
    spanBatch: {
      ...{},
      ...positive(env, 'OTEL_BSP_MAX_QUEUE_SIZE', 'maxQueueSize'),
      ...positive(env, 'OTEL_BSP_MAX_EXPORT_BATCH_SIZE', 'maxExportBatchSize'),
      ...positive(env, 'OTEL_BSP_SCHEDULE_DELAY', 'scheduledDelayMillis'),
      ...positive(env, 'OTEL_BSP_EXPORT_TIMEOUT', 'exportTimeoutMillis'),
    },
  };
}

function positive<K extends string>(env: Env, name: string, key: K): { [P in K]?: number } {
  const value = Number(env[name]);
  return (Number.isFinite(value) && value > 0 ? { [key]: value } : {}) as { [P in K]?: number };
}

/** The standard sampler variables, reduced to a ratio: `always_off` 0, `*traceidratio` its argument. */
function sampleRatioOf(env: Env): number {
  const sampler = env['OTEL_TRACES_SAMPLER']?.trim().toLowerCase() ?? '';
  if (sampler.endsWith('always_off')) return 0;
  if (!sampler.endsWith('traceidratio')) return 1;
  const arg = Number(env['OTEL_TRACES_SAMPLER_ARG']);
  return Number.isFinite(arg) && arg >= 0 && arg <= 1 ? arg : 1;
}
