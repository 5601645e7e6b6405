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
 */
export class ProjectionRunner {
  private subscriptions: BusSubscription[] = [];
  /** The checkpoints as last read; only ever behind the stored ones, so skipping by them is safe. */
  private known = new Map<string, bigint>();

  constructor(private readonly options: ProjectionRunnerOptions) {}

  async start(): Promise<void> {
    const { store, projection, bus } = this.options;
    const created = await store.ensureTables([CHECKPOINTS, ...projection.tables]);
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
          batchHandler: (messages) => this.handle(messages),
        }),
      ),
    );
  }

  async stop(): Promise<void> {
    await Promise.all(this.subscriptions.map((s) => s.stop()));
    this.subscriptions = [];
  }

  /** One partition's consecutive messages. */
  private async handle(messages: readonly IncomingMessage[]): Promise<void> {
    const first = messages[0];
    if (!first) return;
    const source = partitionSource(first.topic, first.partition);
    const events = messages.flatMap((message) => this.projected(message));
    const last = events.reduce(
      (max, { event }) => (event.globalPosition > max ? event.globalPosition : max),
      0n,
    );
    // A replay after a restart (the in-process bus starts over) costs no transaction.
    if (last <= appliedThrough(this.known, source)) return;
    const { store, projection } = this.options;
    // Its own lane: other projections' batches commit beside it (their tables are their own).
    this.known = await store.write(async (tx) => {
      const checkpoints = await loadCheckpoints(tx, projection.name);
      const through = appliedThrough(checkpoints, source);
      const fresh = events.filter(({ event }) => event.globalPosition > through);
      if (fresh.length > 0) await projection.apply(tx, fresh);
      if (last > (checkpoints.get(source) ?? 0n)) {
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
