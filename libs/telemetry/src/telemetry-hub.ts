import { diag, DiagConsoleLogger, DiagLogLevel } from '@opentelemetry/api';
import { randomUUID } from 'node:crypto';
import {
  detectResources,
  envDetector,
  resourceFromAttributes,
  type Resource,
} from '@opentelemetry/resources';
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  ParentBasedSampler,
  SimpleSpanProcessor,
  TraceIdRatioBasedSampler,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import {
  ATTR_SERVICE_INSTANCE_ID,
  ATTR_SERVICE_NAME,
  ATTR_SERVICE_VERSION,
} from '@opentelemetry/semantic-conventions';
import { ThreadedSpanExporter } from './export-thread/threaded-span-exporter';
import { cacheFrozenAttributeHashes } from './metric-attributes';
import { otlpMetricExporter } from './otlp-exporters';
import { RootSampling } from './root-sampling';
import { ServiceTelemetry } from './service-telemetry';
import type { TelemetryConfig } from './telemetry-config';
import { releaseHub, type Hub, type TelemetryHandle, type TelemetryOptions } from './telemetry-state';

/**
 * One SDK per process, one tracer and meter provider per Baton service in it: a service process
 * hosts one, the embedded host and the in-process e2e cluster host four, and each still reports
 * under its own `service.name`. They share the span processor (one export queue).
 */
export class TelemetryHub implements TelemetryHandle, Hub {
  private readonly services = new Map<string, ServiceTelemetry>();
  private readonly tracerProviders: BasicTracerProvider[] = [];
  private readonly meterProviders: MeterProvider[] = [];
  private readonly spanProcessor: SpanProcessor | undefined;
  private readonly instanceId = randomUUID();
  private readonly envResource: Resource = detectResources({ detectors: [envDetector] });
  readonly defaultService: string;

  constructor(
    private readonly config: TelemetryConfig,
    private readonly options: TelemetryOptions,
  ) {
    this.defaultService = options.service ?? 'baton';
    // Before any meter provider: the SDK then hashes each frozen attribute set once.
    cacheFrozenAttributeHashes();
    // The SDK's own complaints (failed exports, dropped spans), when OTEL_LOG_LEVEL asks for them.
    const level = process.env['OTEL_LOG_LEVEL']?.trim().toUpperCase() as
      keyof typeof DiagLogLevel | undefined;
    if (level && level in DiagLogLevel) diag.setLogger(new DiagConsoleLogger(), DiagLogLevel[level]);
    if (options.spanExporter) this.spanProcessor = new SimpleSpanProcessor(options.spanExporter);
    else if (config.traces === 'otlp')
      this.spanProcessor = new BatchSpanProcessor(new ThreadedSpanExporter(config), config.spanBatch);
  }

  service(name: string): ServiceTelemetry {
    let found = this.services.get(name);
    if (!found) {
      found = this.create(name);
      this.services.set(name, found);
    }
    return found;
  }

  private create(name: string): ServiceTelemetry {
    const resource = resourceFromAttributes({
      // `baton` is the embedded host (all four services in one process).
      [ATTR_SERVICE_NAME]: name === 'baton' ? 'baton' : `baton-${name}`,
      [ATTR_SERVICE_VERSION]: this.options.serviceVersion ?? (process.env['BATON_VERSION'] || '0.0.0'),
      [ATTR_SERVICE_INSTANCE_ID]: this.instanceId,
      // OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES win, as the standard says.
    }).merge(this.envResource);
    const sampler = new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(this.config.sampleRatio) });
    const roots = new RootSampling(sampler);
    const tracerProvider = new BasicTracerProvider({
      resource,
      sampler,
      idGenerator: roots,
      spanProcessors: this.spanProcessor ? [this.spanProcessor] : [],
    });
    const metricExporter =
      this.options.metricExporter ??
      (this.config.metrics === 'otlp' ? otlpMetricExporter(this.config) : undefined);
    const meterProvider = new MeterProvider({
      resource,
      readers: metricExporter
        ? [
            new PeriodicExportingMetricReader({
              exporter: metricExporter,
              exportIntervalMillis: this.config.metricIntervalMs,
            }),
          ]
        : [],
    });
    this.tracerProviders.push(tracerProvider);
    this.meterProviders.push(meterProvider);
    return new ServiceTelemetry(
      name,
      tracerProvider.getTracer('baton'),
      meterProvider.getMeter('baton'),
      roots,
    );
  }

  async forceFlush(): Promise<void> {
    await Promise.all([
      ...this.tracerProviders.map((p) => p.forceFlush()),
      ...this.meterProviders.map((p) => p.forceFlush()),
    ]);
  }

  async shutdown(): Promise<void> {
    releaseHub(this);
    await this.forceFlush().catch(() => undefined);
    await Promise.allSettled([
      ...this.tracerProviders.map((p) => p.shutdown()),
      ...this.meterProviders.map((p) => p.shutdown()),
    ]);
  }
}

/** Builds the SDK; only {@link startTelemetry} loads this module, and only when telemetry is on. */
export function createTelemetryHub(config: TelemetryConfig, options: TelemetryOptions): TelemetryHub {
  return new TelemetryHub(config, options);
}
