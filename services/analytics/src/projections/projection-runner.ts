import { decodeMessage, MalformedMessageError, PROTOBUF_CONTENT_TYPE } from '@baton/event-wire';
import {
  MessageHeaders,
  type BusSubscription,
  type IncomingMessage,
  type MessageBus,
} from '@baton/messaging';
import type { ReadModelStore } from '../read-model-store/read-model-store.port';
import { ReadModelRebuildNeeded } from '../read-model-store/shared/table-shape';
import {
  appliedThrough,
  CHECKPOINTS,
  loadCheckpoints,
  NEEDS_REBUILD_SOURCE,
  partitionSource,
  saveCheckpoint,
} from './checkpoints';
import type { ProjectedEvent, Projection } from './projection';

/** Options of {@link ProjectionRunner}. */
export interface ProjectionRunnerOptions {
  readonly bus: MessageBus;
  readonly store: ReadModelStore;
  readonly projection: Projection;
  /** Consumer group of every topic: durable, as the read model is. */
  readonly groupId: string;
  /** Messages per transaction, at most. Default 500. */
  readonly maxBatchSize?: number;
  /** How long a partial batch waits for more (fewer transactions, that much more lag). Default 0. */
  readonly lingerMs?: number;
  /** Told about each message no retry can read, which is skipped. */
  readonly onSkipped?: (message: IncomingMessage, reason: string) => void;
}

/**
 * Feeds one projection from the bus: each batch of a partition is applied in one read-model
 * transaction together with the checkpoint it reaches, and acknowledged only after that commits.
 * A crash in between redelivers the batch; its events are then at or below the checkpoint and
 * skipped, and the projection ignores any other repeat by stream version.
 *
 * Batches of several partitions arrive together (every partition of a fetch at once): those that
 * arrive while a transaction runs are applied together in the next one, with each partition's
 * checkpoint. A transaction per partition, one after another, left a fetch's last partition
 * waiting behind all the others (statistics lag on PostgreSQL, issue 7). A stream's events are
 * all in one partition, so a merged batch still holds each stream's events in order.
 */
export class ProjectionRunner {
  private subscriptions: BusSubscription[] = [];
  /** The checkpoints as last read; only ever behind the stored ones, so skipping by them is safe. */
  private known = new Map<string, bigint>();
  /** Partitions' batches waiting for the next transaction, and whether one is running. */
  private waiting: PendingBatch[] = [];
  private applying = false;

  constructor(private readonly options: ProjectionRunnerOptions) {}

  async start(): Promise<void> {
    const { store, projection, bus } = this.options;
    const created = await store.ensureTables([
      CHECKPOINTS,
      ...projection.tables,
      ...(projection.reads ?? []),
    ]);
    this.known = await loadCheckpoints(store, projection.name);
    const added = projection.tables.filter((table) => created.includes(table.name));
    if (added.length > 0 && this.known.size > 0 && !this.known.has(NEEDS_REBUILD_SOURCE)) {
      // It ran before these tables existed: from now on they would hold only what comes next.
      await store.write((tx) => saveCheckpoint(tx, projection.name, NEEDS_REBUILD_SOURCE, 0n));
      this.known.set(NEEDS_REBUILD_SOURCE, 0n);
    }
    if (this.known.has(NEEDS_REBUILD_SOURCE)) {
      throw new ReadModelRebuildNeeded(
        `read model ${projection.name} has tables that are newer than its history: ` +
          `rebuild it with \`baton analytics rebuild --projection ${projection.name}\``,
      );
    }
    // One group per topic: Kafka assigns a group's partitions as if every member read every topic.
    this.subscriptions = await Promise.all(
      projection.topics.map((topic) =>
        bus.subscribe({
          topic,
          groupId: projection.topics.length > 1 ? `${this.options.groupId}-${topic}` : this.options.groupId,
          fromBeginning: true,
          maxBatchSize: this.options.maxBatchSize ?? 500,
          lingerMs: this.options.lingerMs ?? 0,
          concurrentPartitions: CONCURRENT_PARTITIONS,
          batchHandler: (messages) => this.handle(messages),
        }),
      ),
    );
  }

  async stop(): Promise<void> {
    await Promise.all(this.subscriptions.map((s) => s.stop()));
    this.subscriptions = [];
  }

  /** One partition's consecutive messages: resolves once a transaction applied them. */
  private handle(messages: readonly IncomingMessage[]): Promise<void> {
    const first = messages[0];
    if (!first) return Promise.resolve();
    const source = partitionSource(first.topic, first.partition);
    const events = messages.flatMap((message) => this.projected(message));
    const last = events.reduce(
      (max, { event }) => (event.globalPosition > max ? event.globalPosition : max),
      0n,
    );
    // A replay after a restart (the in-process bus starts over) costs no transaction.
    if (last <= appliedThrough(this.known, source)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.waiting.push({ source, events, last, resolve, reject });
      if (!this.applying) void this.applyWaiting();
    });
  }

  /** Applies what waits, a transaction at a time, until nothing does. */
  private async applyWaiting(): Promise<void> {
    this.applying = true;
    while (this.waiting.length > 0) {
      const batches = this.waiting;
      this.waiting = [];
      try {
        await this.apply(batches);
        for (const batch of batches) batch.resolve();
      } catch (error) {
        // Every partition in it is redelivered; none of its checkpoints was saved.
        for (const batch of batches) batch.reject(error);
      }
    }
    this.applying = false;
  }

  private async apply(batches: readonly PendingBatch[]): Promise<void> {
    const { store, projection } = this.options;
    // Its own lane: other projections' batches commit beside it (their tables are their own).
    this.known = await store.write(async (tx) => {
      const checkpoints = await loadCheckpoints(tx, projection.name);
      const fresh = batches.flatMap(({ source, events }) => {
        const through = appliedThrough(checkpoints, source);
        return events.filter(({ event }) => event.globalPosition > through);
      });
      if (fresh.length > 0) await projection.apply(tx, fresh);
      for (const { source, last } of batches) {
        if (last <= (checkpoints.get(source) ?? 0n)) continue;
        await saveCheckpoint(tx, projection.name, source, last);
        checkpoints.set(source, last);
      }
      return checkpoints;
    }, projection.name);
  }

  private projected(message: IncomingMessage): ProjectedEvent[] {
    let event;
    try {
      event = decodeMessage(message);
    } catch (error) {
      // Redelivering cannot fix it, and the event store still has the event for a rebuild.
      if (!(error instanceof MalformedMessageError)) throw error;
      this.options.onSkipped?.(message, error.message);
      return [];
    }
    if (!this.options.projection.streamPrefixes.some((prefix) => event.streamId.startsWith(prefix)))
      return [];
    // decodeMessage read this content type as exactly these envelope bytes: keep them.
    const envelope = message.headers[MessageHeaders.contentType] === PROTOBUF_CONTENT_TYPE;
    return [envelope ? { event, envelope: message.value } : { event }];
  }
}

/** A partition's batch waiting for a transaction, with the delivery that waits on it. */
interface PendingBatch {
  readonly source: string;
  readonly events: readonly ProjectedEvent[];
  readonly last: bigint;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

/** Partitions whose batches may wait together: more than the topics have (6 by default). */
const CONCURRENT_PARTITIONS = 64;
