import type { RecordedEvent } from '@baton/eventstore';
import type { ReadModelTx, TableSpec } from '../read-model-store/read-model-store.port';

/** An event for a projection, with its EventEnvelope bytes when the source had them already. */
export interface ProjectedEvent {
  readonly event: RecordedEvent;
  readonly envelope?: Buffer;
}

/**
 * A read model kept from events: fed live from the bus by the ProjectionRunner, rebuilt by replay
 * from the event store by `rebuildProjection`, through the same `apply`.
 */
export interface Projection {
  /** Names its checkpoint and consumer group. */
  readonly name: string;
  /** Its tables: a rebuild replaces them all. */
  readonly tables: readonly TableSpec[];
  /**
   * Tables of other projections it reads while it applies (the statistics read the calendars'):
   * made to exist before it runs or is rebuilt; a rebuild of both reads the rebuilt ones.
   */
  readonly reads?: readonly TableSpec[];
  /** The bus topics it consumes live. */
  readonly topics: readonly string[];
  /** The streams it reads: the live filter and the prefixes of the rebuild's reads. */
  readonly streamPrefixes: readonly string[];
  /**
   * The service whose event store records those streams, which a rebuild reads (one store in
   * embedded mode; a schema per service in distributed mode).
   */
  readonly context: 'execution' | 'definition' | 'ownership';
  /**
   * Applies events, in store order per stream, inside the caller's transaction. Must leave alone
   * an event it applied before (same stream and version): the bus delivers at least once.
   */
  apply(tx: ReadModelTx, events: readonly ProjectedEvent[]): Promise<void>;
  /**
   * A rebuild's way of applying (optional; without it a rebuild calls `apply`): it may hold what
   * it sums across chunks in memory and write it when flushed, so a row touched by every chunk is
   * read and written once per rebuild rather than once per chunk.
   */
  rebuildFold?(): RebuildFold;
}

/** A projection's state during one rebuild: see {@link Projection.rebuildFold}. */
export interface RebuildFold {
  /** Like `apply`, but may leave sums in memory for `flush`. */
  apply(tx: ReadModelTx, events: readonly ProjectedEvent[]): Promise<void>;
  /** Writes what it held back, in the caller's transaction, and starts empty. */
  flush(tx: ReadModelTx): Promise<void>;
}
