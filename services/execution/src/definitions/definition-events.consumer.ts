import { access } from '@baton/domain';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { DEFINITION_EVENTS_TOPIC } from '@baton/contracts';
import { anyVersion, DuplicateEventIdError, type EventStore } from '@baton/eventstore';
import { decodeMessage, MalformedMessageError } from '@baton/event-wire';
import type { BusSubscription, IncomingMessage, MessageBus } from '@baton/messaging';
import { EVENT_STORE, MESSAGE_BUS } from '@baton/service-kit';
import { v5 as uuidv5 } from 'uuid';
import { DEFINITIONS_GROUP, knownDefinitionStream } from '../streams';
import { DefinitionCatalog } from './definition-catalog';
import { learnedFrom, UnusableDefinitionError } from './known-definition-events';

/** Namespace of the ids of learned events: derived from the source event id, so re-consumption is a no-op. */
const LEARNED_NAMESPACE = '6f1c3c3e-5b1a-4a5e-9d2f-0b7c1e2a9d41';

/**
 * Learns published definition versions and deprecations from the definition events topic, and
 * records them in execution's own store first, so the catalog survives topic retention.
 */
@Injectable()
export class DefinitionEventsConsumer {
  private readonly logger = new Logger('execution-definitions');
  private subscription: BusSubscription | undefined;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
    @Inject(DefinitionCatalog) private readonly catalog: DefinitionCatalog,
  ) {}

  async start(groupId = DEFINITIONS_GROUP): Promise<void> {
    this.subscription = await this.bus.subscribe({
      topic: DEFINITION_EVENTS_TOPIC,
      groupId,
      fromBeginning: true,
      handler: (message) => this.handle(message),
    });
  }

  async stop(): Promise<void> {
    await this.subscription?.stop();
    this.subscription = undefined;
  }

  async handle(message: IncomingMessage): Promise<void> {
    let learned;
    let sourceEventId: string;
    try {
      const event = decodeMessage(message);
      sourceEventId = event.eventId;
      learned = learnedFrom(event.type, event.data, access.tenantOr(event.metadata.tenantId));
    } catch (error) {
      // Retrying cannot fix these; the definition service's own store still has the event.
      if (error instanceof MalformedMessageError || error instanceof UnusableDefinitionError) {
        this.logger.warn(
          `skipped definition event at ${message.topic}/${message.partition}/${message.offset}: ${error.message}`,
        );
        return;
      }
      throw error;
    }
    if (!learned || this.catalog.knows(learned)) return;
    try {
      await this.store.append(
        knownDefinitionStream(learned.data.tenantId, learned.data.definitionId),
        [{ eventId: uuidv5(sourceEventId, LEARNED_NAMESPACE), type: learned.type, data: learned.data }],
        anyVersion,
      );
    } catch (error) {
      if (!(error instanceof DuplicateEventIdError)) throw error;
    }
    this.catalog.learn(learned);
  }
}
