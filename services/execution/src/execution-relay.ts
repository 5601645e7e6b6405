import { Inject, Injectable } from '@nestjs/common';
import { EXECUTION_EVENTS_TOPIC } from '@baton/contracts';
import type { CheckpointStore, EventStore } from '@baton/eventstore';
import { protobufEventMapper } from '@baton/event-wire';
import type { MessageBus, Relay } from '@baton/messaging';
import { CHECKPOINTS, EVENT_STORE, MESSAGE_BUS, startServiceRelay } from '@baton/service-kit';
import { INSTANCE_STREAM_PREFIX, isInstanceStream } from './streams';

/** Publishes the `instance-` streams (and nothing else) to the execution events topic. */
@Injectable()
export class ExecutionRelay {
  private relay: Relay | undefined;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CHECKPOINTS) private readonly checkpoints: CheckpointStore,
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
  ) {}

  async start(): Promise<void> {
    this.relay = await startServiceRelay({
      store: this.store,
      checkpoints: this.checkpoints,
      bus: this.bus,
      service: 'execution',
      streamPrefixes: [INSTANCE_STREAM_PREFIX],
      toMessage: protobufEventMapper((e) =>
        isInstanceStream(e.streamId) ? EXECUTION_EVENTS_TOPIC : undefined,
      ),
    });
  }

  async stop(): Promise<void> {
    await this.relay?.stop();
    this.relay = undefined;
  }
}
