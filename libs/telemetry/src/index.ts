export { telemetryConfigFromEnv, type TelemetryConfig } from './telemetry-config';
export {
  startTelemetry,
  telemetryOn,
  serviceTelemetry,
  processTelemetry,
  type TelemetryHandle,
  type TelemetryOptions,
} from './telemetry-state';
export { ServiceTelemetry, traceparentOfSpan, type StartSpanOptions } from './service-telemetry';
export type { BatonMetrics } from './baton-metrics';
export { metricAttributes } from './metric-attributes';
export { contextOf, sameTraceId, sampledOut, spanContextOf, traceIdOf, traceparentOf } from './trace-context';
export { startServerCall, serviceOfPath, type ServerCallTelemetry } from './grpc-server-telemetry';
export { tracedBus, RECORDED_AT_HEADER } from './traced-bus';
export { recordConsumerRetry, recordDeadLetter } from './consumer-metrics';
export { createLogger, logEntry, nestLoggerOn, traceFields, type Logger } from './logger';
export * from './semconv';
