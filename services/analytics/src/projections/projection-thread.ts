import { ThreadBusClient } from '@baton/messaging';
import { Logger } from '@nestjs/common';
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { openReadModelStore, type ReadModelConfig } from '../read-model-store/read-model-config';
import { ANALYTICS_PROJECTION_LIST } from './projection-list';
import { startProjectionRunners } from './start-projection-runners';

// The analytics projections in a worker thread of their own (see ProjectionsInWorker): they read
// the host's bus through `busPort` and write the read models through their own connection.

/** What the host hands the thread. */
export interface ProjectionThreadData {
  readonly readModels: ReadModelConfig;
  readonly groupPrefix: string;
  readonly busPort: MessagePort;
}

/** Between the host and the thread, on the worker's own port. */
export type ToProjectionThread =
  { readonly kind: 'stop' } | { readonly kind: 'memory'; readonly gc: boolean };
export type FromProjectionThread =
  | { readonly kind: 'started' }
  | { readonly kind: 'memory'; readonly usage: ThreadMemory }
  | { readonly kind: 'failed'; readonly error: string }
  | { readonly kind: 'stopped' };

/** The thread's own heap (its isolate's; `rss` is the whole process's). */
export type ThreadMemory = Pick<NodeJS.MemoryUsage, 'heapUsed' | 'heapTotal' | 'external' | 'arrayBuffers'>;

function memory(gc: boolean): ThreadMemory {
  // Only a process started with --expose-gc (a benchmark) can be asked to collect first.
  const collect = (globalThis as { gc?: () => void }).gc;
  if (gc && collect) collect();
  const { heapUsed, heapTotal, external, arrayBuffers } = process.memoryUsage();
  return { heapUsed, heapTotal, external, arrayBuffers };
}

async function run(port: MessagePort, data: ProjectionThreadData): Promise<void> {
  const send = (message: FromProjectionThread) => port.postMessage(message);
  const bus = new ThreadBusClient(data.busPort);
  const store = await openReadModelStore(data.readModels);
  let runners;
  try {
    runners = await startProjectionRunners({
      bus,
      store,
      projections: ANALYTICS_PROJECTION_LIST,
      groupPrefix: data.groupPrefix,
      log: new Logger('analytics.projections'),
    });
  } catch (error) {
    send({ kind: 'failed', error: (error as Error).stack ?? String(error) });
    await store.close();
    return process.exit(1);
  }
  port.on('message', (message: ToProjectionThread) => {
    if (message.kind === 'memory') return send({ kind: 'memory', usage: memory(message.gc) });
    void (async () => {
      await Promise.all(runners.map((runner) => runner.stop()));
      await bus.close();
      await store.close();
      send({ kind: 'stopped' });
      port.close();
    })();
  });
  send({ kind: 'started' });
}

if (parentPort) void run(parentPort, workerData as ProjectionThreadData);
