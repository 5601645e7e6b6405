import { Worker } from 'node:worker_threads';
import type { Row } from '../read-model-store/read-model-store.port';
import type { EventStoreSource } from './event-store-source';
import { unpackRows, type PackedRows } from './packed-rows';
import { threadEntry } from './thread-entry';

/** What the rebuild hands its rows thread. */
export interface RowsThreadData {
  readonly source: EventStoreSource;
  /** A projection with `rowsOfEvents`, by name (the thread loads the projection list itself). */
  readonly projection: string;
  readonly prefixes: readonly string[];
  /** Inclusive: the head the rebuild's pass reads up to. */
  readonly head: bigint;
  readonly chunkSize: number;
  /** Batches the thread may send before the first is acknowledged (bounds the memory in flight). */
  readonly credits: number;
}

export type ToRowsThread = { readonly kind: 'credit' };
export type FromRowsThread =
  | { readonly kind: 'rows'; readonly events: number; readonly packed: PackedRows }
  | { readonly kind: 'done' }
  | { readonly kind: 'failed'; readonly error: string };

/** One page's rows and the events they came from. */
export interface RowBatch {
  readonly rows: Row[];
  readonly events: number;
}

/**
 * Batches in flight: enough to keep the thread busy while a batch is written, few enough that a
 * slow writer holds a few pages, not the store.
 */
const CREDITS = 4;

/**
 * A projection's rows computed on a thread of its own, which reads the store by itself: the
 * rebuild's thread only writes them. Yields batches in the thread's read order; stopping early
 * (or a failure) terminates the thread.
 */
export async function* rowsFromThread(
  options: Omit<RowsThreadData, 'credits'>,
): AsyncGenerator<RowBatch, void, undefined> {
  const entry = threadEntry('rows-thread');
  const worker = new Worker(entry.file, {
    workerData: { ...{}, ...options, credits: CREDITS } satisfies RowsThreadData,
    // A throughput thread: a large nursery collects its short-lived garbage less often.
    resourceLimits: { maxYoungGenerationSizeMb: ROWS_THREAD_YOUNG_GENERATION_MB },
    ...entry.options,
  });
  const arrived: FromRowsThread[] = [];
  let failure: Error | undefined;
  let wake: (() => void) | undefined;
  const notify = () => {
    wake?.();
    wake = undefined;
  };
  worker.on('message', (message: FromRowsThread) => {
    arrived.push(message);
    notify();
  });
  worker.on('error', (error) => {
    failure = error;
    notify();
  });
  worker.on('exit', (code) => {
    failure ??= new Error(`the rows thread exited early (code ${code})`);
    notify();
  });
  try {
    for (;;) {
      const message = arrived.shift();
      if (!message) {
        if (failure) throw failure;
        await new Promise<void>((resolve) => (wake = resolve));
        continue;
      }
      if (message.kind === 'failed') throw new Error(`the rows thread failed: ${message.error}`);
      if (message.kind === 'done') return;
      worker.postMessage({ kind: 'credit' } satisfies ToRowsThread);
      yield { rows: unpackRows(message.packed), events: message.events };
    }
  } finally {
    worker.removeAllListeners('exit');
    await worker.terminate();
  }
}

const ROWS_THREAD_YOUNG_GENERATION_MB = 48;
