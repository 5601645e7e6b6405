import type { SpanContext } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { parentPort, workerData } from 'node:worker_threads';
import { otlpSpanExporter } from '../otlp-exporters';
import type { TelemetryConfig } from '../telemetry-config';
import type { FromExportThread, SpanRecord, ToExportThread } from './span-records';

// The OTLP span exporter in a thread of its own (see ThreadedSpanExporter): it turns the records
// back into what the serializer reads, serializes and sends them, and answers each export.

interface Resource {
  readonly attributes: ReadableSpan['resource']['attributes'];
  readonly schemaUrl?: string;
}

function run(port: NonNullable<typeof parentPort>, config: TelemetryConfig): void {
  const exporter = otlpSpanExporter(config);
  const resources = new Map<number, Resource>();
  // The serializer groups spans by resource and scope object: one object per kind, reused.
  const scopes = new Map<string, SpanRecord['scope']>();
  const answer = (message: FromExportThread) => port.postMessage(message);
  const span = (r: SpanRecord): ReadableSpan => {
    const context: SpanContext = { traceId: r.traceId, spanId: r.spanId, traceFlags: r.traceFlags };
    const key = `${r.scope.name}\n${r.scope.version ?? ''}\n${r.scope.schemaUrl ?? ''}`;
    let scope = scopes.get(key);
    if (!scope) scopes.set(key, (scope = r.scope));
    return {
      ...{},
      ...r,
      spanContext: () => context,
      ...(r.parentSpanId !== undefined
        ? {
            parentSpanContext: {
              traceId: r.traceId,
              spanId: r.parentSpanId,
              traceFlags: r.traceFlags,
              isRemote: r.parentIsRemote === true,
            },
          }
        : {}),
      ended: true,
      resource: resources.get(r.resource) as ReadableSpan['resource'],
      instrumentationScope: scope,
    } as unknown as ReadableSpan;
  };
  port.on('message', (message: ToExportThread) => {
    switch (message.kind) {
      case 'resource':
        resources.set(message.id, {
          attributes: message.attributes,
          ...(message.schemaUrl ? { schemaUrl: message.schemaUrl } : {}),
        });
        return;
      case 'export': {
        const spans = (JSON.parse(message.spans) as SpanRecord[]).map(span);
        exporter.export(spans, (result) =>
          answer({
            id: message.id,
            code: result.code,
            ...(result.error ? { error: result.error.message } : {}),
          }),
        );
        return;
      }
      case 'shutdown':
        void exporter.shutdown().finally(() => answer({ id: message.id, code: 0 }));
        return;
    }
  });
}

if (parentPort) run(parentPort, (workerData as { config: TelemetryConfig }).config);
