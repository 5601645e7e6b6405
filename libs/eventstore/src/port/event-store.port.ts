import type { StreamChainReport } from '../chain/event-chain';

/**
 * The event store port: the only way Baton services read and write events. Adapters (SQLite,
 * PostgreSQL, KurrentDB) implement it and all pass one conformance suite.
 *
 * Numbering: a stream's first event has `streamVersion` 1; a stream's version is its last
 * event's `streamVersion` (0 when it has no events). `globalPosition` is store-assigned, strictly
 * increasing in the order subscribers see events, and never reused; it need not be contiguous.
 */

/** Metadata carried with every event (the envelope's fields that are not `data`). */
export interface EventMetadata {
  readonly tenantId?: string;
  readonly correlationId?: string;
  readonly causationId?: string;
  readonly actor?: string;
  readonly traceparent?: string;
  readonly idempotencyKey?: string;
}

/** An event to append. `eventId` is a UUIDv7 chosen by the writer: appending it twice is a no-op. */
export interface NewEvent {
  readonly eventId: string;
  readonly type: string;
  /** JSON-serialisable. */
  readonly data: unknown;
  readonly metadata?: EventMetadata;
  /** Business time; defaults to the store's `recordedAt` (imports and backfills set it). */
  readonly occurredAt?: Date;
  /** Shape version of `data` for upcasting; defaults to 1. */
  readonly schemaVersion?: number;
}

/** An event as stored. */
export interface RecordedEvent {
  readonly eventId: string;
  readonly type: string;
  readonly streamId: string;
  readonly streamVersion: number;
  readonly globalPosition: bigint;
  readonly occurredAt: Date;
  readonly recordedAt: Date;
  readonly data: unknown;
  readonly metadata: EventMetadata;
  readonly schemaVersion: number;
}

/** Optimistic concurrency: what the writer believes about the stream. */
export type ExpectedVersion =
  | { readonly kind: 'any' }
  | { readonly kind: 'no-stream' }
  /** The stream's current version must be exactly `version` (0 = the stream has no events). */
  | { readonly kind: 'exact'; readonly version: number };

export const anyVersion: ExpectedVersion = { kind: 'any' };
export const noStream: ExpectedVersion = { kind: 'no-stream' };
export const exactVersion = (version: number): ExpectedVersion => ({ kind: 'exact', version });

export interface AppendResult {
  /** The stream's version after the append (use as the next `exact` expectation). */
  readonly nextExpectedVersion: number;
  /** Global position of the last event of this append (or of the earlier identical append). */
  readonly lastGlobalPosition: bigint;
  /** False when every event id had been appended before, at the same place: nothing was written. */
  readonly written: boolean;
}

export interface ReadStreamOptions {
  readonly direction?: 'forwards' | 'backwards';
  /** Inclusive. Forwards defaults to 1, backwards to the last version. */
  readonly fromVersion?: number;
  readonly maxCount?: number;
}

export interface ReadAllOptions {
  /** Exclusive: events strictly after this position (a checkpoint). Defaults to the beginning. */
  readonly after?: bigint;
  /** Inclusive: no event after this position. Defaults to the end. */
  readonly until?: bigint;
  readonly maxCount?: number;
  /** Only events of streams whose id starts with one of these (case-sensitive); all when absent. */
  readonly streamPrefixes?: readonly string[];
}

/** Options of {@link EventStore.readByStream}. */
export interface ReadByStreamOptions {
  /** Only streams whose id starts with this (case-sensitive; `''` for all). */
  readonly streamPrefix: string;
  /** Inclusive: no event after this position (e.g. the head when a replay began). */
  readonly until: bigint;
  /** Exclusive: continue after this event (the last one of the previous page). */
  readonly after?: { readonly streamId: string; readonly streamVersion: number };
  readonly maxCount: number;
}

/** Per-stream metadata (who it belongs to); not events. */
export interface StreamMetadata {
  readonly tenantId?: string;
  readonly correlationId?: string;
  readonly [key: string]: string | undefined;
}

export interface SubscribeOptions {
  /** Exclusive checkpoint: delivery starts with the first event after it. */
  readonly after?: bigint;
  /** Called for each event in global order; the next is not delivered before it resolves. */
  readonly handler: (event: RecordedEvent) => Promise<void>;
  /** Called once when the catch-up phase reaches the live end. */
  readonly onCaughtUp?: () => void;
  /** Events read per catch-up query. Delivery stops on a handler error; `done` rejects with it. */
  readonly batchSize?: number;
  /**
   * Only events of streams whose id starts with one of these, filtered by the store (a consumer
   * of one service's streams in a shared store neither reads nor parses the others').
   */
  readonly streamPrefixes?: readonly string[];
}

export interface Subscription {
  /** Resolves when stopped; rejects if the handler or the store failed. */
  readonly done: Promise<void>;
  stop(): Promise<void>;
}

/** Old event shapes become current ones on read; stored events are never rewritten. */
export type Upcaster = (event: RecordedEvent) => RecordedEvent;

export interface EventStore {
  append(streamId: string, events: readonly NewEvent[], expected: ExpectedVersion): Promise<AppendResult>;
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  /**
   * Optional: the events at or below a position stream by stream (stream ids in the store's own
   * order, each stream's events by version), in pages. A replay that folds each stream's history
   * at once reads this way (a projection needs each stream's events in order, not the streams
   * interleaved as they were appended). Stores that cannot answer it leave it out.
   */
  readByStream?(options: ReadByStreamOptions): Promise<RecordedEvent[]>;
  /**
   * Optional: recomputes the stream's hash chain from its stored events (as written, not upcast)
   * and reports the first altered or missing event. Stores that do not chain events leave it out.
   */
  verifyStream?(streamId: string): Promise<StreamChainReport>;
  /**
   * The position of the last event `readAll` can return now (0 when none): every event at or
   * before it is visible, so a filtered reader may skip to it.
   */
  headPosition(): Promise<bigint>;
  /** Catch-up then live: every event after the checkpoint exactly once, in global order. */
  subscribeToAll(options: SubscribeOptions): Subscription;
  streamVersion(streamId: string): Promise<number>;
  getStreamMetadata(streamId: string): Promise<StreamMetadata | undefined>;
  setStreamMetadata(streamId: string, metadata: StreamMetadata): Promise<void>;
  close(): Promise<void>;
}

/** Named checkpoints (relays, projections) kept in the same database as the events. */
export interface CheckpointStore {
  load(name: string): Promise<bigint | undefined>;
  save(name: string, position: bigint): Promise<void>;
}
