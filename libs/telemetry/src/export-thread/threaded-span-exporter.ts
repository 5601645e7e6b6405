import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import { extname, join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { TelemetryConfig } from '../telemetry-config';
import { toRecord, type FromExportThread, type ToExportThread } from './span-records';

const SHUTDOWN_MS = 10_000;

/**
 * The OTLP span exporter run in a worker thread: serializing spans to protobuf is most of what
 * tracing every instance costs the thread that serves commands (17% of its busy time on the e2e
 * benchmark), so that thread only copies each batch as one JSON string and posts it. Batching
 * stays with the BatchSpanProcessor here; the thread exports what it is given and answers.
 * The thread is held (ref'd) only while an export is unanswered, so it never keeps a process up.
 */
export class ThreadedSpanExporter implements SpanExporter {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, (result: ExportResult) => void>();
  private readonly resources = new WeakMap<object, number>();
  private nextId = 1;

  constructor(config: TelemetryConfig) {
    const entry = join(__dirname, `span-export-thread${extname(__filename)}`);
    this.worker = new Worker(entry, { workerData: { config }, ...loaderFor(entry) });
    this.worker.unref();
    this.worker.on('message', (m: FromExportThread) => this.answered(m));
    this.worker.on('error', (error) => this.failAll(error));
    this.worker.on('exit', () => this.failAll(new Error('the span export thread exited')));
  }

  export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    const id = this.nextId++;
    const records = spans.map((span) => toRecord(span, this.resourceId(span.resource)));
    this.wait(id, done);
    this.post({ kind: 'export', id, spans: JSON.stringify(records) });
  }

  shutdown(): Promise<void> {
    const id = this.nextId++;
    return new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, SHUTDOWN_MS);
      this.wait(id, () => {
        clearTimeout(timer);
        resolve();
      });
      this.post({ kind: 'shutdown', id });
    }).finally(() => this.worker.terminate());
  }

  /** Each export is answered by the thread; nothing is held here to flush. */
  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  private resourceId(resource: ReadableSpan['resource']): number {
    let id = this.resources.get(resource);
    if (id === undefined) {
      id = this.nextId++;
      this.resources.set(resource, id);
      this.post({
        kind: 'resource',
        id,
        attributes: resource.attributes,
        ...(resource.schemaUrl ? { schemaUrl: resource.schemaUrl } : {}),
      });
    }
    return id;
  }

  private wait(id: number, done: (result: ExportResult) => void): void {
    if (this.waiting.size === 0) this.worker.ref();
    this.waiting.set(id, done);
  }

  private answered({ id, code, error }: FromExportThread): void {
    const done = this.waiting.get(id);
    this.waiting.delete(id);
    if (this.waiting.size === 0) this.worker.unref();
    done?.(
      code === ExportResultCode.SUCCESS
        ? { code }
        : { code: ExportResultCode.FAILED, error: new Error(error ?? 'export failed') },
    );
  }

  private failAll(error: Error): void {
    for (const done of this.waiting.values()) done({ code: ExportResultCode.FAILED, error });
    this.waiting.clear();
  }

  private post(message: ToExportThread): void {
    this.worker.postMessage(message);
  }
}

/**
 * From sources the thread compiles TypeScript as the main thread does (under Jest the main thread
 * has no such hook of its own); a build's JavaScript needs nothing.
 */
function loaderFor(entry: string): { execArgv?: string[]; env?: NodeJS.ProcessEnv } {
  if (extname(entry) !== '.ts' || process.execArgv.some((a) => a.includes('@swc-node/register'))) return {};
  return {
    execArgv: [...process.execArgv, '-r', '@swc-node/register'],
    env: {
      ...{},
      ...process.env,
      SWC_NODE_PROJECT:
        process.env['SWC_NODE_PROJECT'] ?? resolve(__dirname, '../../../../tsconfig.base.json'),
    },
  };
}
