import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { OWNERSHIP_EVENTS_TOPIC } from '@baton/contracts';
import { anyVersion, DuplicateEventIdError, type EventStore } from '@baton/eventstore';
import { decodeMessage, MalformedMessageError } from '@baton/event-wire';
import type { BusSubscription, IncomingMessage, MessageBus } from '@baton/messaging';
import { EVENT_STORE, MESSAGE_BUS } from '@baton/service-kit';
import { v5 as uuidv5 } from 'uuid';
import { KNOWN_MEMBERS_STREAM } from '../streams';
import { MEMBERSHIP_LEARNED, TeamRoster, type LearnedMembership } from './team-roster';

/** Namespace of the ids of learned memberships: derived from the source event id, so a replay writes nothing twice. */
const LEARNED_NAMESPACE = '5f0c7d52-1b8e-4a63-9d1f-2c4b7e8a9f30';

/** A consumer group of its own per process: every replica needs every tenant's memberships. */
export const rosterGroup = (): string => `execution-roster-${randomUUID()}`;

/**
 * Learns team memberships from the ownership events topic (from its beginning), recording each
 * new one in execution's own store before using it; at start the roster is read back from there
 * first, whatever the topic still holds.
 */
@Injectable()
export class TeamRosterConsumer {
  private readonly logger = new Logger('execution-roster');
  private subscription: BusSubscription | undefined;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
    @Inject(TeamRoster) private readonly roster: TeamRoster,
  ) {}

  async start(groupId = rosterGroup()): Promise<void> {
    for (const event of await this.store.readStream(KNOWN_MEMBERS_STREAM)) {
      this.roster.learn(event.data as LearnedMembership);
    }
    this.subscription = await this.bus.subscribe({
      topic: OWNERSHIP_EVENTS_TOPIC,
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
    let learned: LearnedMembership | undefined;
    let sourceEventId: string;
    try {
      const event = decodeMessage(message);
      sourceEventId = event.eventId;
      learned = TeamRoster.learnedFrom(event);
    } catch (error) {
      // Retrying cannot fix a malformed message; ownership's own store still has the event.
      if (!(error instanceof MalformedMessageError)) throw error;
      this.logger.warn(`skipped ownership event at ${message.topic}/${message.offset}: ${error.message}`);
      return;
    }
    if (!learned || this.roster.knows(learned)) return;
    try {
      await this.store.append(
        KNOWN_MEMBERS_STREAM,
        [{ eventId: uuidv5(sourceEventId, LEARNED_NAMESPACE), type: MEMBERSHIP_LEARNED, data: learned }],
        anyVersion,
      );
    } catch (error) {
      // Another replica recorded it first.
      if (!(error instanceof DuplicateEventIdError)) throw error;
    }
    this.roster.learn(learned);
  }
}
