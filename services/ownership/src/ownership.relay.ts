import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { OWNERSHIP_EVENTS_TOPIC } from '@baton/contracts';
import type { CheckpointStore, EventStore, RecordedEvent } from '@baton/eventstore';
import { jsonEventMapper, type MessageBus, type Relay } from '@baton/messaging';
import { CHECKPOINTS, EVENT_STORE, MESSAGE_BUS, startServiceRelay } from '@baton/service-kit';
import { OWNERSHIP_OPTIONS, type OwnershipModuleOptions } from './ownership.options';

/** Ownership's published streams: the directory and team policies. Everything else stays in the store. */
export function isOwnershipStream(streamId: string): boolean {
  return streamId === 'directory' || streamId.startsWith('directory-') || streamId.startsWith('policy-');
}

const toJson = jsonEventMapper(() => OWNERSHIP_EVENTS_TOPIC);

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
      toMessage: (event: RecordedEvent) => (isOwnershipStream(event.streamId) ? toJson(event) : undefined),
      onPublishError: (error, attempt) =>
        this.logger.warn(`publish failed (attempt ${attempt}): ${String(error)}`),
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.relay?.stop();
    this.relay = undefined;
  }
}
