import { MESSAGE_BUS } from '@baton/service-kit';
import { serveBusToThread, type MessageBus, type ServedBus } from '@baton/messaging';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { extname, join, resolve } from 'node:path';
import { MessageChannel, Worker } from 'node:worker_threads';
import { READ_MODEL_CONFIG, type ReadModelConfig } from '../read-model-store/read-model-config';
import { READ_MODEL_STORE, type ReadModelStore } from '../read-model-store/read-model-store.port';
import { ANALYTICS_GROUP_PREFIX } from './analytics-projections';
import type {
  FromProjectionThread,
  ProjectionThreadData,
  ThreadMemory,
  ToProjectionThread,
} from './projection-thread';

/** The projection thread's young generation (V8's default commits 32 MiB or more). */
const THREAD_YOUNG_GENERATION_MB = 8;

/** Pause before a thread that died is started again. */
const RESTART_DELAY_MS = 1_000;

/**
 * Runs the analytics projections in a worker thread, so their CPU (a fifth of an embedded host's
 * under load) is spent beside the commands' thread instead of on it, and their garbage stays out
 * of its heap. The thread consumes this app's bus through a served port (same consumer groups,
 * acknowledged after its transaction commits) and writes the read models through a connection of
 * its own; the queries keep reading on this thread (SQLite in WAL mode: readers never wait for the
 * writer). A thread that dies is started again; what it had not acknowledged is redelivered.
 */
@Injectable()
export class ProjectionsInWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('analytics.projections');
  private worker: Worker | undefined;
  private served: ServedBus | undefined;
  private stopping = false;

  constructor(
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
    @Inject(READ_MODEL_STORE) private readonly store: ReadModelStore,
    @Inject(READ_MODEL_CONFIG) private readonly readModels: ReadModelConfig,
    @Inject(ANALYTICS_GROUP_PREFIX) private readonly groupPrefix: string,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    try {
      await this.start();
    } catch (error) {
      // The app fails to start: no thread is to be started again.
      this.stopping = true;
      await this.worker?.terminate();
      await this.served?.close();
      throw error;
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    const worker = this.worker;
    if (worker) {
      const stopped = new Promise<void>((done) => {
        worker.on('message', (m: FromProjectionThread) => m.kind === 'stopped' && done());
        worker.once('exit', () => done());
      });
      worker.postMessage({ kind: 'stop' } satisfies ToProjectionThread);
      await stopped;
      await worker.terminate();
    }
    await this.served?.close();
    await this.store.close();
  }

  /**
   * The projection thread's heap (a process's memoryUsage() counts only its main thread's), after
   * a full collection when the process exposes gc. Undefined while no thread runs.
   */
  async threadMemory(options: { gc?: boolean } = {}): Promise<ThreadMemory | undefined> {
    const worker = this.worker;
    if (!worker || this.stopping) return undefined;
    return new Promise((resolve) => {
      const onMessage = (message: FromProjectionThread) => {
        if (message.kind !== 'memory') return;
        worker.off('message', onMessage);
        resolve(message.usage);
      };
      worker.on('message', onMessage);
      worker.postMessage({ kind: 'memory', gc: options.gc ?? false } satisfies ToProjectionThread);
    });
  }

  private start(): Promise<void> {
    const { port1, port2 } = new MessageChannel();
    this.served = serveBusToThread(this.bus, port1);
    const workerData: ProjectionThreadData = {
      readModels: this.readModels,
      groupPrefix: this.groupPrefix,
      busPort: port2,
    };
    const worker = new Worker(threadEntry(), {
      workerData,
      transferList: [port2],
      // Its garbage is one batch's at a time: a small nursery keeps the thread's footprint small.
      resourceLimits: { maxYoungGenerationSizeMb: THREAD_YOUNG_GENERATION_MB },
      ...loaderFor(threadEntry()),
    });
    this.worker = worker;
    const started = new Promise<void>((ready, fail) => {
      worker.on('message', (message: FromProjectionThread) => {
        if (message.kind === 'started') ready();
        if (message.kind === 'failed')
          fail(new Error(`analytics projections failed to start: ${message.error}`));
      });
      worker.once('error', fail);
    });
    worker.on('error', (error) => this.logger.error(`projection thread failed: ${error.stack ?? error}`));
    worker.once('exit', (code) => {
      if (this.stopping || this.worker !== worker) return;
      this.logger.error(`projection thread exited (code ${code}); starting it again`);
      void this.served?.close();
      setTimeout(() => {
        if (!this.stopping) this.start().catch((error: Error) => this.logger.error(error.message));
      }, RESTART_DELAY_MS);
    });
    return started;
  }
}

/** The thread's entry: this directory's compiled `.js` in a build, its `.ts` when run from sources. */
const threadEntry = (): string => join(__dirname, `projection-thread${extname(__filename)}`);

/**
 * From sources the thread compiles TypeScript as the main thread does; it inherits the process's
 * node options otherwise (profiling flags included), as a worker does by default.
 */
function loaderFor(entry: string): { execArgv?: string[]; env?: NodeJS.ProcessEnv } {
  if (extname(entry) !== '.ts' || process.execArgv.includes('@swc-node/register')) return {};
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
