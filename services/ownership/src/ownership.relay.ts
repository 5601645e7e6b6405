import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { CheckpointStore, EventStore } from '@baton/eventstore';
import { protobufEventMapper, topicForStream } from '@baton/event-wire';
import type { MessageBus, Relay } from '@baton/messaging';
import { CHECKPOINTS, EVENT_STORE, MESSAGE_BUS, startServiceRelay } from '@baton/service-kit';
import { OWNERSHIP_OPTIONS, type OwnershipModuleOptions } from './ownership.options';

/** Ownership's published streams: the directory, team policies and each tenant's calendars. */
/** What the relay reads: `directory`, `directory-…`, `policy-…` and `calendars-…` streams. */
const OWNERSHIP_STREAM_PREFIXES = ['directory', 'policy-', 'calendars-'];

export function isOwnershipStream(streamId: string): boolean {
  return (
    streamId === 'directory' ||
    streamId.startsWith('directory-') ||
    streamId.startsWith('policy-') ||
    streamId.startsWith('calendars-')
  );
}

// Only our own streams: the embedded host shares one store between the four services.
const toMessage = protobufEventMapper((event) =>
  isOwnershipStream(event.streamId) ? topicForStream(event.streamId) : undefined,
);

/** Publishes ownership's own streams to OWNERSHIP_EVENTS_TOPIC (checkpoint `relay:ownership`). */
@Injectable()
export class OwnershipRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('ownership.relay');
  private relay?: Relay;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CHECKPOINTS) private readonly checkpoints: CheckpointStore,
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
    @Inject(OWNERSHIP_OPTIONS) private readonly options: OwnershipModuleOptions,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.options.relay === false) return;
    this.relay = await startServiceRelay({
      store: this.store,
      checkpoints: this.checkpoints,
      bus: this.bus,
      service: 'ownership',
      toMessage,
      streamPrefixes: OWNERSHIP_STREAM_PREFIXES,
      onPublishError: (error, attempt) =>
        this.logger.warn(`publish failed (attempt ${attempt}): ${String(error)}`),
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.relay?.stop();
    this.relay = undefined;
  }
}
