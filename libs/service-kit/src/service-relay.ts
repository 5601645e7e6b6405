import type { CheckpointStore, EventStore, RecordedEvent } from '@baton/eventstore';
import { Relay, type MessageBus, type RelayedMessage } from '@baton/messaging';

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
  readonly onPublishError?: (error: unknown, attempt: number) => void;
}

/** Starts the relay that publishes a service's events from its store to the bus. */
export async function startServiceRelay(options: ServiceRelayOptions): Promise<Relay> {
  const relay = new Relay({
    store: options.store,
    checkpoints: options.checkpoints,
    bus: options.bus,
    name: `relay:${options.service}`,
    toMessage: options.toMessage,
    batchSize: 500,
    lingerMs: 5,
    ...(options.onPublishError ? { onPublishError: options.onPublishError } : {}),
  });
  await relay.start();
  return relay;
}
