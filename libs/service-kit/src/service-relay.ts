import type { CheckpointStore, EventStore, RecordedEvent } from '@baton/eventstore';
import { InProcessMessageBus, Relay, type MessageBus, type RelayedMessage } from '@baton/messaging';
import { serviceTelemetry } from '@baton/telemetry';

/** Options of {@link startServiceRelay}. */
export interface ServiceRelayOptions {
  readonly store: EventStore;
  readonly checkpoints: CheckpointStore;
  readonly bus: MessageBus;
  /** The service name: the checkpoint is `relay:<service>`. */
  readonly service: string;
  /**
   * The message for one of the service's own events, or undefined for events it does not
   * publish (internal streams, and other services' streams when the embedded host shares one store).
   */
  readonly toMessage: (event: RecordedEvent) => RelayedMessage | undefined;
  /** The service's stream prefixes: the relay reads only those from a shared store. */
  readonly streamPrefixes: readonly string[];
  readonly onPublishError?: (error: unknown, attempt: number) => void;
}

/**
 * Starts the relay that publishes a service's events from its store to the bus. On the in-process
 * bus (embedded mode) messages die with the process, so the relay keeps its checkpoint in memory
 * and republishes the store from the start after a restart; consumers are idempotent. On Kafka
 * the checkpoint is durable in the store.
 */
export async function startServiceRelay(options: ServiceRelayOptions): Promise<Relay> {
  const relay = new Relay({
    store: options.store,
    checkpoints: options.bus instanceof InProcessMessageBus ? memoryCheckpoints() : options.checkpoints,
    bus: options.bus,
    name: `relay:${options.service}`,
    toMessage: options.toMessage,
    streamPrefixes: options.streamPrefixes,
    batchSize: 500,
    lingerMs: 5,
    ...(options.onPublishError ? { onPublishError: options.onPublishError } : {}),
    ...relayTelemetry(options),
  });
  await relay.start();
  return relay;
}

function memoryCheckpoints(): CheckpointStore {
  const positions = new Map<string, bigint>();
  return {
    load: async (name) => positions.get(name),
    save: async (name, position) => void positions.set(name, position),
  };
}

/**
 * Relay lag, with telemetry on: `baton.relay.lag` (oldest event of each batch, recorded → Kafka
 * acknowledged) and the gauge `baton.relay.backlog` (events in the store past the last published
 * one, read from the store only when metrics are exported).
 */
function relayTelemetry(options: ServiceRelayOptions): {
  onPublished?: (batch: readonly RecordedEvent[]) => void;
} {
  const telemetry = serviceTelemetry(options.service);
  if (!telemetry) return {};
  const attributes = { 'baton.relay': `relay:${options.service}` };
  let published: bigint | undefined;
  telemetry.metrics
    .gauge('baton.relay.backlog', 'Events recorded but not yet published by the relay', '{event}')
    .addCallback(async (result) => {
      if (published === undefined) return;
      const head = await options.store.headPosition();
      result.observe(Number(head > published ? head - published : 0n), attributes);
    });
  return {
    onPublished: (batch) => {
      const first = batch[0];
      const last = batch[batch.length - 1];
      if (!first || !last) return;
      published = last.globalPosition;
      telemetry.metrics.relayLag.record(
        Math.max(0, Date.now() - first.recordedAt.getTime()) / 1000,
        attributes,
      );
    },
  };
}
