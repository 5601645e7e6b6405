import type { CheckpointStore, EventStore, RecordedEvent, Subscription } from '@baton/eventstore';
import type { MessageBus, OutgoingMessage } from '../port/message-bus.port';

/** A bus message for one event, with the topic it goes to. */
export interface RelayedMessage extends OutgoingMessage {
  readonly topic: string;
}

/** Options of {@link Relay}. */
export interface RelayOptions {
  readonly store: EventStore;
  readonly checkpoints: CheckpointStore;
  /** Only `publish` is used. */
  readonly bus: Pick<MessageBus, 'publish'>;
  /** Checkpoint name, e.g. `relay:execution`. */
  readonly name: string;
  /**
   * Maps an event to its message; the key must be the stream id so per-stream order holds.
   * `undefined` leaves the event unpublished (internal streams, another service's streams in a
   * shared embedded store); the checkpoint still moves past it.
   */
  readonly toMessage: (event: RecordedEvent) => RelayedMessage | undefined;
  /** Streams the relay reads at all (filtered by the store); all when absent. */
  readonly streamPrefixes?: readonly string[];
  /** Events per publish (a full batch is published at once). Default 100. */
  readonly batchSize?: number;
  /** How long a partial batch waits for more events before it is published. Default 20 ms. */
  readonly lingerMs?: number;
  /** First retry delay after a failed publish; doubles up to `maxRetryDelayMs`. Default 100 ms. */
  readonly retryDelayMs?: number;
  /** Default 5 s. */
  readonly maxRetryDelayMs?: number;
  /** Called on each failed publish (before the retry); for logs and metrics. */
  readonly onPublishError?: (error: unknown, attempt: number) => void;
  /** Called after each batch was acknowledged and checkpointed; for metrics (relay lag). */
  readonly onPublished?: (batch: readonly RecordedEvent[]) => void;
  /** Injectable for tests. */
  readonly sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Publishes a store's events to the bus, at least once and in order per stream: it tails the
 * store after its checkpoint, publishes in batches and saves the checkpoint only after the bus
 * acknowledged the batch. A crash or stop therefore republishes at most the unacknowledged tail
 * (consumers dedupe on `event-id`). A failed publish is retried with backoff, never skipped.
 */
export class Relay {
  private subscription: Subscription | undefined;
  private buffer: RecordedEvent[] = [];
  private linger: NodeJS.Timeout | undefined;
  private chain: Promise<void> = Promise.resolve();
  private stopping = false;

  constructor(private readonly options: RelayOptions) {}

  /** Starts tailing from the checkpoint; resolves once subscribed. */
  async start(): Promise<void> {
    if (this.subscription) throw new Error(`relay ${this.options.name} is already running`);
    this.stopping = false;
    const after = await this.options.checkpoints.load(this.options.name);
    this.subscription = this.options.store.subscribeToAll({
      ...{},
      ...(after === undefined ? {} : { after }),
      batchSize: this.options.batchSize ?? 100,
      ...(this.options.streamPrefixes ? { streamPrefixes: this.options.streamPrefixes } : {}),
      handler: (event) => this.accept(event),
    });
  }

  /** Resolves when the subscription ends; rejects if the store failed. */
  get done(): Promise<void> {
    return this.subscription?.done ?? Promise.resolve();
  }

  /** Stops tailing, then publishes what is buffered (once: an unpublished tail is retried on restart). */
  async stop(): Promise<void> {
    const subscription = this.subscription;
    if (!subscription) return;
    this.stopping = true;
    clearTimeout(this.linger);
    await subscription.stop();
    await this.enqueueFlush().catch(() => undefined);
    this.subscription = undefined;
  }

  private async accept(event: RecordedEvent): Promise<void> {
    this.buffer.push(event);
    // Awaiting a full batch's publish holds the subscription back: backpressure instead of memory.
    if (this.buffer.length >= (this.options.batchSize ?? 100)) return this.enqueueFlush();
    this.linger ??= setTimeout(
      () => void this.enqueueFlush().catch(() => undefined),
      this.options.lingerMs ?? 20,
    );
  }

  /** Flushes run one after another, so batches are published in global order. */
  private enqueueFlush(): Promise<void> {
    clearTimeout(this.linger);
    this.linger = undefined;
    const batch = this.buffer;
    this.buffer = [];
    this.chain = this.chain.catch(() => undefined).then(() => this.publish(batch));
    return this.chain;
  }

  private async publish(batch: readonly RecordedEvent[]): Promise<void> {
    const last = batch[batch.length - 1];
    if (!last) return;
    const runs = runsByTopic(batch.flatMap((e) => this.options.toMessage(e) ?? []));
    const sleep = this.options.sleep ?? defaultSleep;
    let delay = this.options.retryDelayMs ?? 100;
    let done = 0;
    for (let attempt = 1; done < runs.length; attempt++) {
      try {
        // Runs acknowledged before a failure are not sent again on the retry.
        for (; done < runs.length; done++) {
          const run = runs[done] as Run;
          await this.options.bus.publish(run.topic, run.messages);
        }
      } catch (error) {
        this.options.onPublishError?.(error, attempt);
        if (this.stopping) throw error;
        await sleep(delay);
        delay = Math.min(delay * 2, this.options.maxRetryDelayMs ?? 5_000);
      }
    }
    await this.options.checkpoints.save(this.options.name, last.globalPosition);
    this.options.onPublished?.(batch);
  }
}

interface Run {
  readonly topic: string;
  readonly messages: OutgoingMessage[];
}

/** Consecutive messages for the same topic, in order: one publish each. */
function runsByTopic(messages: readonly RelayedMessage[]): Run[] {
  const runs: Run[] = [];
  for (const { topic, key, value, headers } of messages) {
    const current = runs[runs.length - 1];
    if (current?.topic === topic) current.messages.push({ key, value, headers });
    else runs.push({ topic, messages: [{ key, value, headers }] });
  }
  return runs;
}
