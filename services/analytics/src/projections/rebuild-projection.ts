import type { EventStore, RecordedEvent } from '@baton/eventstore';
import type { ReadModelStore, ReadModelTx } from '../read-model-store/read-model-store.port';
import { CHECKPOINTS, saveCheckpoint, STORE_SOURCE } from './checkpoints';
import type { Projection } from './projection';

/** How far a rebuild got. */
export interface RebuildProgress {
  /** Events applied so far. */
  readonly events: number;
  /** Store position reached. */
  readonly position: bigint;
  /** The store's head when this pass began. */
  readonly head: bigint;
}

/** Options of {@link rebuildProjection}. */
export interface RebuildOptions {
  /** Where the projection's events are recorded (in distributed mode: the execution service's store). */
  readonly events: EventStore;
  readonly readModels: ReadModelStore;
  readonly projection: Projection;
  /** Events per transaction. Default 20,000. */
  readonly chunkSize?: number;
  /** Called after each transaction. */
  readonly onProgress?: (progress: RebuildProgress) => void;
}

/**
 * Rebuilds a projection by replaying the event store from its beginning into fresh (shadow)
 * tables, in large transactions, while the live tables keep answering. The last catch-up runs
 * inside the swap transaction, which holds the write lock live batches take: the new tables
 * replace the old ones holding every event up to the head read under that lock, and the
 * projection's store checkpoint is set to that head, so the live runner continues from there.
 * Returns the events applied and the final checkpoint.
 */
export async function rebuildProjection(
  options: RebuildOptions,
): Promise<{ readonly events: number; readonly position: bigint }> {
  const { events: store, readModels, projection } = options;
  const chunkSize = options.chunkSize ?? 20_000;
  // Not the projection's own tables: the rebuild replaces them, whatever shape they were kept in.
  await readModels.ensureTables([CHECKPOINTS]);
  const rebuild = await readModels.startRebuild(projection.tables);
  let applied = 0;
  let position = 0n;

  /** Applies the next chunk of events after `position`, up to `head`. */
  const applyChunk = async (tx: ReadModelTx, head: bigint): Promise<void> => {
    const chunk = await store.readAll({
      after: position,
      until: head,
      maxCount: chunkSize,
      streamPrefixes: projection.streamPrefixes,
    });
    if (chunk.length > 0) await projection.apply(tx, chunk.map(asProjected));
    applied += chunk.length;
    // A short read reached `until`: nothing else of ours is at or below the head.
    position = chunk.length < chunkSize ? head : (chunk[chunk.length - 1] as RecordedEvent).globalPosition;
    options.onProgress?.({ events: applied, position, head });
  };

  try {
    // Two passes outside the lock (the history, then what was appended meanwhile), so the swap
    // transaction only catches up on what the short second pass let through.
    for (let pass = 0; pass < 2; pass++) {
      const head = await store.headPosition();
      while (position < head) await rebuild.write((tx) => applyChunk(tx, head));
    }
    await rebuild.swap(async (tx) => {
      const head = await store.headPosition();
      while (position < head) await applyChunk(tx, head);
      await saveCheckpoint(tx, projection.name, STORE_SOURCE, position);
    });
  } catch (error) {
    await rebuild.abandon().catch(() => undefined);
    throw error;
  }
  return { events: applied, position };
}

const asProjected = (event: RecordedEvent) => ({ event });
