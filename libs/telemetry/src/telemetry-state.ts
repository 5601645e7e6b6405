import type { PushMetricExporter } from '@opentelemetry/sdk-metrics';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { ServiceTelemetry } from './service-telemetry';
import { telemetryConfigFromEnv, type TelemetryConfig } from './telemetry-config';

/** Options of {@link startTelemetry}. */
export interface TelemetryOptions {
  /** Replaces what the environment says (tests set `enabled: true`). */
  readonly config?: Partial<TelemetryConfig>;
  /** Spans go here, one by one as they end, instead of OTLP (tests: InMemorySpanExporter). */
  readonly spanExporter?: SpanExporter;
  /** Metrics go here instead of OTLP (tests: InMemoryMetricExporter; read after `forceFlush`). */
  readonly metricExporter?: PushMetricExporter;
  /** `service.version`; default `BATON_VERSION` or 0.0.0. */
  readonly serviceVersion?: string;
  /**
   * The process's own service, for library code that does not know which service it runs in
   * (consumer retries, dead letters). Default `baton`.
   */
  readonly service?: string;
}

/** The running SDK of this process. */
export interface TelemetryHandle {
  /** Exports every ended span and the current metrics now. */
  forceFlush(): Promise<void>;
  /** Flushes, stops exporting and turns telemetry off for this process. */
  shutdown(): Promise<void>;
}

export interface Hub extends TelemetryHandle {
  readonly defaultService: string;
  service(name: string): ServiceTelemetry;
}

// The SDK (telemetry-hub.ts) is required only when telemetry is turned on: a process with
// telemetry off never loads it, and every instrumented path costs one `hub` check.
let hub: Hub | undefined;

/**
 * Starts OpenTelemetry for this process when the environment (or `options.config`) turns it on
 * (see `telemetryConfigFromEnv`); returns undefined, and costs nothing further, when it is off.
 * Call it before the services are created. A second call replaces the first (tests).
 */
export function startTelemetry(options: TelemetryOptions = {}): TelemetryHandle | undefined {
  const config = { ...{}, ...telemetryConfigFromEnv(), ...options.config };
  if (!config.enabled) return undefined;
  void hub?.shutdown();
  const { createTelemetryHub } = require('./telemetry-hub') as typeof import('./telemetry-hub');
  hub = createTelemetryHub(config, options);
  return hub;
}

export function releaseHub(from: Hub): void {
  if (hub === from) hub = undefined;
}

/** Whether telemetry runs in this process: the one check the hot path makes. */
export function telemetryOn(): boolean {
  return hub !== undefined;
}

/** The tracer, meter and instruments of one Baton service, or undefined while telemetry is off. */
export function serviceTelemetry(service: string): ServiceTelemetry | undefined {
  return hub?.service(service);
}

/** The process's own service telemetry (see `TelemetryOptions.service`), or undefined while off. */
export function processTelemetry(): ServiceTelemetry | undefined {
  return hub?.service(hub.defaultService);
}
