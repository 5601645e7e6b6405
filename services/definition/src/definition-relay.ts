import type { CheckpointStore, EventStore } from '@baton/eventstore';
import { protobufEventMapper, topicForStream } from '@baton/event-wire';
import type { MessageBus, Relay } from '@baton/messaging';
import { CHECKPOINTS, EVENT_STORE, MESSAGE_BUS, startServiceRelay } from '@baton/service-kit';
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DEFINITION_STREAM_PREFIX } from './streams';

/** Publishes the definition streams (only those) to the definition events topic. */
@Injectable()
export class DefinitionRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private relay: Relay | undefined;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CHECKPOINTS) private readonly checkpoints: CheckpointStore,
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.relay = await startServiceRelay({
      store: this.store,
      checkpoints: this.checkpoints,
      bus: this.bus,
      service: 'definition',
      toMessage: protobufEventMapper((e) =>
        e.streamId.startsWith(DEFINITION_STREAM_PREFIX) ? topicForStream(e.streamId) : undefined,
      ),
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.relay?.stop();
  }
}
