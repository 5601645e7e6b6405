import { hrTimeToMilliseconds } from '@opentelemetry/core';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';

export const serviceOf = (span: ReadableSpan): string => String(span.resource.attributes['service.name']);
export const durationMs = (span: ReadableSpan): number => hrTimeToMilliseconds(span.duration);

/** One line per span, children indented under their parent (in start order): name, service, duration. */
export function printTrace(spans: readonly ReadableSpan[]): string {
  const byId = new Set(spans.map((s) => s.spanContext().spanId));
  const children = new Map<string | undefined, ReadableSpan[]>();
  for (const span of spans) {
    const parent = span.parentSpanContext?.spanId;
    const key = parent !== undefined && byId.has(parent) ? parent : undefined;
    children.set(key, [...(children.get(key) ?? []), span]);
  }
  const lines: string[] = [];
  const walk = (parent: string | undefined, depth: number) => {
    const list = [...(children.get(parent) ?? [])].sort(
      (a, b) => hrTimeToMilliseconds(a.startTime) - hrTimeToMilliseconds(b.startTime),
    );
    for (const span of list) {
      const ms = durationMs(span);
      const shown = ms >= 60_000 ? `${(ms / 3_600_000).toFixed(2)} h` : `${ms.toFixed(1)} ms`;
      lines.push(`${'  '.repeat(depth)}${span.name}  [${serviceOf(span)}]  ${shown}`);
      walk(span.spanContext().spanId, depth + 1);
    }
  };
  walk(undefined, 0);
  return lines.join('\n');
}
