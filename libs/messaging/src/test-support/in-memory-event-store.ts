import type {
  AppendResult,
  CheckpointStore,
  EventStore,
  ExpectedVersion,
  NewEvent,
  RecordedEvent,
  StreamMetadata,
  SubscribeOptions,
  Subscription,
} from '@baton/eventstore';

/**
 * A minimal EventStore for the relay's tests (no concurrency checks, no upcasting): enough of
 * the port to append, read and tail. Replace with the SQLite adapter once it is exported.
 */
export class InMemoryEventStore implements EventStore, CheckpointStore {
  readonly events: RecordedEvent[] = [];
  private readonly checkpoints = new Map<string, bigint>();
  private readonly streamMeta = new Map<string, StreamMetadata>();
  private readonly waiters = new Set<() => void>();

  async append(
    streamId: string,
    events: readonly NewEvent[],
    _expected: ExpectedVersion,
  ): Promise<AppendResult> {
    let version = await this.streamVersion(streamId);
    const now = new Date();
    for (const e of events) {
      this.events.push({
        eventId: e.eventId,
        type: e.type,
        streamId,
        streamVersion: ++version,
        globalPosition: BigInt(this.events.length + 1),
        occurredAt: e.occurredAt ?? now,
        recordedAt: now,
        data: e.data,
        metadata: e.metadata ?? {},
        schemaVersion: e.schemaVersion ?? 1,
      });
    }
    for (const wake of this.waiters) wake();
    return { nextExpectedVersion: version, lastGlobalPosition: BigInt(this.events.length), written: true };
  }

  async readStream(streamId: string): Promise<RecordedEvent[]> {
    return this.events.filter((e) => e.streamId === streamId);
  }

  async readAll(options: { after?: bigint; maxCount?: number } = {}): Promise<RecordedEvent[]> {
    const after = options.after ?? 0n;
    return this.events.filter((e) => e.globalPosition > after).slice(0, options.maxCount ?? Infinity);
  }

  subscribeToAll(options: SubscribeOptions): Subscription {
    let stopped = false;
    let wake: () => void = () => undefined;
    const run = async () => {
      let after = options.after ?? 0n;
      while (!stopped) {
        const next = await this.readAll({ after, maxCount: options.batchSize ?? 100 });
        for (const event of next) {
          if (stopped) return;
          await options.handler(event);
          after = event.globalPosition;
        }
        if (next.length === 0) {
          await new Promise<void>((resolve) => {
            wake = resolve;
            this.waiters.add(resolve);
          });
          this.waiters.delete(wake);
        }
      }
    };
    const done = run();
    return {
      done,
      stop: async () => {
        stopped = true;
        wake();
        await done.catch(() => undefined);
      },
    };
  }

  async streamVersion(streamId: string): Promise<number> {
    return (await this.readStream(streamId)).length;
  }
  async getStreamMetadata(streamId: string): Promise<StreamMetadata | undefined> {
    return this.streamMeta.get(streamId);
  }
  async setStreamMetadata(streamId: string, metadata: StreamMetadata): Promise<void> {
    this.streamMeta.set(streamId, metadata);
  }
  async close(): Promise<void> {
    // Nothing to release: the events live in this object.
  }
  async load(name: string): Promise<bigint | undefined> {
    return this.checkpoints.get(name);
  }
  async save(name: string, position: bigint): Promise<void> {
    this.checkpoints.set(name, position);
  }
}
