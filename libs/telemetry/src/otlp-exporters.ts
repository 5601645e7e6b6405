import type { PushMetricExporter } from '@opentelemetry/sdk-metrics';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { TelemetryConfig } from './telemetry-config';

// Both transports of OTLP: gRPC (what deploy/ configures, port 4317) and HTTP with protobuf (the
// OTel default, 4318). Loaded on demand, so a process loads only the one it uses. Each exporter
// reads its endpoint, headers, timeout and compression from the standard OTEL_EXPORTER_OTLP_*
// variables itself.

export function otlpSpanExporter(config: TelemetryConfig): SpanExporter {
  if (config.protocol === 'grpc') {
    const { OTLPTraceExporter } =
      require('@opentelemetry/exporter-trace-otlp-grpc') as typeof import('@opentelemetry/exporter-trace-otlp-grpc');
    return new OTLPTraceExporter();
  }
  const { OTLPTraceExporter } =
    require('@opentelemetry/exporter-trace-otlp-proto') as typeof import('@opentelemetry/exporter-trace-otlp-proto');
  return new OTLPTraceExporter();
}

export function otlpMetricExporter(config: TelemetryConfig): PushMetricExporter {
  if (config.protocol === 'grpc') {
    const { OTLPMetricExporter } =
      require('@opentelemetry/exporter-metrics-otlp-grpc') as typeof import('@opentelemetry/exporter-metrics-otlp-grpc');
    return new OTLPMetricExporter();
  }
  const { OTLPMetricExporter } =
    require('@opentelemetry/exporter-metrics-otlp-proto') as typeof import('@opentelemetry/exporter-metrics-otlp-proto');
  return new OTLPMetricExporter();
}
