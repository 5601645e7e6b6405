import { commonV1, definitionV1, packAny, unpackAnyAs } from '@baton/contracts';
import { parseDefinitionJson, parseDefinitionYaml } from '@baton/domain';
import type { CheckpointStore, EventStore, RecordedEvent } from '@baton/eventstore';
import {
  processDefinitionToProto,
  protobufEventMapper,
  topicForStream,
  type DefinitionVersionPublishedData,
} from '@baton/event-wire';
import type { MessageBus, Relay, RelayedMessage } from '@baton/messaging';
import { CHECKPOINTS, EVENT_STORE, MESSAGE_BUS, startServiceRelay } from '@baton/service-kit';
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DEFINITION_STREAM_PREFIX } from './streams';

const envelopes = protobufEventMapper((e) =>
  e.streamId.startsWith(DEFINITION_STREAM_PREFIX) ? topicForStream(e.streamId) : undefined,
);

/**
 * A definition stream event as its protobuf envelope. The event-wire mapper leaves
 * `DefinitionVersionPublished.definition` unset (the stored data keeps the source); it is filled
 * here with the structured definition, parsed from that source, so consumers need no parser.
 */
export function definitionEventMessage(event: RecordedEvent): RelayedMessage | undefined {
  const message = envelopes(event);
  if (message === undefined || event.type !== 'DefinitionVersionPublished') return message;
  const { source } = event.data as DefinitionVersionPublishedData;
  const parsed =
    source.format === 'json' ? parseDefinitionJson(source.text) : parseDefinitionYaml(source.text);
  if (!parsed.ok) return message; // stored versions always parsed when published
  const envelope = commonV1.EventEnvelope.decode(message.value);
  if (envelope.data === undefined) return message;
  const data = unpackAnyAs(envelope.data, definitionV1.DefinitionVersionPublished);
  data.definition = processDefinitionToProto(parsed.definition);
  envelope.data = packAny(definitionV1.DefinitionVersionPublished, data);
  return { ...{}, ...message, value: Buffer.from(commonV1.EventEnvelope.encode(envelope).finish()) };
}

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
      toMessage: definitionEventMessage,
      streamPrefixes: [DEFINITION_STREAM_PREFIX],
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.relay?.stop();
  }
}
