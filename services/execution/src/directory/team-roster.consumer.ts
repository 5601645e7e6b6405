import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { OWNERSHIP_EVENTS_TOPIC } from '@baton/contracts';
import type { EventStore } from '@baton/eventstore';
import type { BusSubscription, IncomingMessage, MessageBus } from '@baton/messaging';
import { EVENT_STORE, MESSAGE_BUS } from '@baton/service-kit';
import { learnOnce, type Learner } from '../learned/learn-once';
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

  handle(message: IncomingMessage): Promise<void> {
    return learnOnce(message, this.store, this.learner, (line) => this.logger.warn(line));
  }

  private readonly learner: Learner<LearnedMembership> = {
    learnedFrom: (event) => TeamRoster.learnedFrom(event),
    knows: (learned) => this.roster.knows(learned),
    learn: (learned) => this.roster.learn(learned),
    recordAs: () => ({ streamId: KNOWN_MEMBERS_STREAM, type: MEMBERSHIP_LEARNED }),
    namespace: LEARNED_NAMESPACE,
  };
}
