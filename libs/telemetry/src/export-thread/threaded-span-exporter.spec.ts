import { SpanKind, SpanStatusCode, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
  type SpanExporter,
} from '@opentelemetry/sdk-trace-base';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { telemetryConfigFromEnv } from '../telemetry-config';
import { ThreadedSpanExporter } from './threaded-span-exporter';

/** Ended spans of two services with attributes, a link, an event, an error and a remote parent. */
function someSpans(): ReadableSpan[] {
  const memory = new InMemorySpanExporter();
  for (const service of ['baton-execution', 'baton-ownership']) {
    const provider = new BasicTracerProvider({
      resource: resourceFromAttributes({ 'service.name': service }),
      spanProcessors: [new SimpleSpanProcessor(memory)],
    });
    const tracer = provider.getTracer('baton');
    const remote = trace.setSpanContext(ROOT_CONTEXT, {
      traceId: '0af7651916cd43dd8448eb211c80319c',
      spanId: 'b7ad6b7169203331',
      traceFlags: 1,
      isRemote: true,
    });
    const parent = tracer.startSpan('process t', { kind: SpanKind.CONSUMER, attributes: { n: 7 } }, remote);
    const child = tracer.startSpan(
      'handoff a→b',
      {
        startTime: new Date(Date.UTC(2026, 0, 5)),
        attributes: { 'baton.handoff.total_ms': 900_000, ok: true, tags: ['x', 'y'] },
        links: [{ context: parent.spanContext(), attributes: { why: 'caller' } }],
      },
      trace.setSpan(ROOT_CONTEXT, parent),
    );
    child.addEvent('noted', { at: 1 });
    child.setStatus({ code: SpanStatusCode.ERROR, message: 'late' });
    child.end(new Date(Date.UTC(2026, 0, 5, 0, 15)));
    parent.end();
  }
  return memory.getFinishedSpans() as ReadableSpan[];
}

describe('ThreadedSpanExporter', () => {
  let server: Server;
  const bodies: Buffer[] = [];
  const saved = process.env['OTEL_EXPORTER_OTLP_ENDPOINT'];
  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        bodies.push(Buffer.concat(chunks));
        res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    process.env['OTEL_EXPORTER_OTLP_ENDPOINT'] = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    if (saved === undefined) delete process.env['OTEL_EXPORTER_OTLP_ENDPOINT'];
    else process.env['OTEL_EXPORTER_OTLP_ENDPOINT'] = saved;
    if (server.listening) await new Promise((r) => server.close(r));
  });

  const exportWith = (exporter: SpanExporter, spans: ReadableSpan[]) =>
    new Promise<number>((resolve) =>
      exporter.export(spans, (result) => {
        resolve(result.code);
      }),
    );

  it('sends the OTLP request this thread would have serialized, and answers each export', async () => {
    const spans = someSpans();
    const threaded = new ThreadedSpanExporter({ ...telemetryConfigFromEnv({}), enabled: true });
    try {
      expect(await exportWith(threaded, spans)).toBe(0);
      expect(await exportWith(threaded, spans.slice(0, 1))).toBe(0);
    } finally {
      await threaded.shutdown();
    }
    expect(bodies).toHaveLength(2);
    const expected = Buffer.from(ProtobufTraceSerializer.serializeRequest(spans) ?? []);
    expect(expected.length).toBeGreaterThan(200);
    expect(bodies[0]?.equals(expected)).toBe(true);
  }, 30_000);

  it('fails the exports it cannot deliver', async () => {
    process.env['OTEL_EXPORTER_OTLP_TIMEOUT'] = '500';
    const threaded = new ThreadedSpanExporter({ ...telemetryConfigFromEnv({}), enabled: true });
    await new Promise((r) => server.close(r));
    try {
      expect(await exportWith(threaded, someSpans())).toBe(1);
    } finally {
      await threaded.shutdown();
      delete process.env['OTEL_EXPORTER_OTLP_TIMEOUT'];
    }
  }, 30_000);
});
