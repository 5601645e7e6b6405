import type { LoggerService } from '@nestjs/common';
import pino, { type Logger } from 'pino';
import { spanContextOf } from './trace-context';

export type { Logger } from 'pino';

/** Fields that hold secrets wherever they appear in a log line's object (one level deep, or at the top). */
const SECRET_FIELDS = ['authorization', 'password', 'token', 'connectionString', 'privateKey'].flatMap(
  (name) => [name, `*.${name}`],
);

/**
 * Structured JSON logs, one object a line on stdout: `time` (ISO), `level` (name), `service`,
 * `msg`, and `trace_id`/`span_id` where a line belongs to a trace (see {@link logEntry}), so a
 * log backend can jump from a line to its trace and back. Level from `BATON_LOG_LEVEL` (`warn`).
 */
export function createLogger(service: string, destination?: pino.DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level: process.env['BATON_LOG_LEVEL'] || 'warn',
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    // Defence in depth: no code logs these, but a field of these names is never written as is.
    redact: { paths: SECRET_FIELDS, censor: '[redacted]' },
  };
  return destination ? pino(options, destination) : pino(options);
}

/** `trace_id` and `span_id` of a `traceparent`, for a log line's fields (empty without one). */
export function traceFields(traceparent: string | undefined): { trace_id?: string; span_id?: string } {
  const span = spanContextOf(traceparent);
  return span ? { trace_id: span.traceId, span_id: span.spanId } : {};
}

// Set once the process logs through pino: entries may then carry fields (see logEntry).
let structured = false;

/**
 * A log message with the trace it belongs to: `{ msg, trace_id, span_id }` when the process logs
 * JSON (the fields become the line's), the plain message otherwise (text logs stay readable).
 */
export function logEntry(message: string, traceparent: string | undefined): string | object {
  if (!structured) return message;
  const fields = traceFields(traceparent);
  return fields.trace_id ? { msg: message, ...fields } : message;
}

type PinoLevel = 'info' | 'warn' | 'error' | 'debug' | 'trace';

/**
 * Nest's logger on pino, so framework and service logs come out as the same JSON lines, filtered
 * by the pino logger's level (Nest's `log` is `info`, `verbose` is `trace`).
 */
export function nestLoggerOn(logger: Logger): LoggerService {
  structured = true;
  const line =
    (level: PinoLevel) =>
    (message: unknown, ...rest: unknown[]): void => {
      if (!logger.isLevelEnabled(level)) return;
      const last = rest[rest.length - 1];
      const context = typeof last === 'string' ? last : undefined;
      const fields = {
        ...{},
        ...(context ? { context } : {}),
        ...(level === 'error' && typeof rest[0] === 'string' && rest.length > 1 ? { stack: rest[0] } : {}),
      };
      if (typeof message === 'object' && message !== null) logger[level]({ ...{}, ...fields, ...message });
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
