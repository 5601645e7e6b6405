import type { LoggerService } from '@nestjs/common';
import pino, { type Logger } from 'pino';
import { spanContextOf } from './trace-context';

export type { Logger } from 'pino';

/**
 * Structured JSON logs, one object a line on stdout: `time` (ISO), `level` (name), `service`,
 * `msg`, and `trace_id`/`span_id` where a line belongs to a trace (see {@link traceFields}), so
 * a log backend can jump from a line to its trace and back. Level from `BATON_LOG_LEVEL` (info).
 */
export function createLogger(service: string, destination?: pino.DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level: process.env['BATON_LOG_LEVEL'] || 'info',
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
  };
  return destination ? pino(options, destination) : pino(options);
}

/** `trace_id` and `span_id` of a `traceparent`, for a log line's fields (empty without one). */
export function traceFields(traceparent: string | undefined): { trace_id?: string; span_id?: string } {
  const span = spanContextOf(traceparent);
  return span ? { trace_id: span.traceId, span_id: span.spanId } : {};
}

/** Nest's logger on pino, so framework and service logs come out as the same JSON lines. */
export function nestLoggerOn(logger: Logger): LoggerService {
  const line =
    (level: 'info' | 'warn' | 'error' | 'debug' | 'trace') =>
    (message: unknown, ...rest: unknown[]) => {
      const context =
        typeof rest[rest.length - 1] === 'string' ? (rest[rest.length - 1] as string) : undefined;
      const fields = {
        ...(context ? { context } : {}),
        ...(level === 'error' && typeof rest[0] === 'string' && rest.length > 1 ? { stack: rest[0] } : {}),
      };
      if (typeof message === 'object' && message !== null) logger[level]({ ...fields, ...message });
      else logger[level](fields, String(message));
    };
  return {
    log: line('info'),
    warn: line('warn'),
    error: line('error'),
    debug: line('debug'),
    verbose: line('trace'),
    fatal: line('error'),
  };
}
