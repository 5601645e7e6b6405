import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { OWNERSHIP_EVENTS_TOPIC } from '@baton/contracts';
import { decodeMessage, MalformedMessageError } from '@baton/event-wire';
import type { BusSubscription, IncomingMessage, MessageBus } from '@baton/messaging';
import { MESSAGE_BUS } from '@baton/service-kit';
import { TeamRoster } from './team-roster';

/** A consumer group of its own per process: every replica needs every tenant's memberships. */
export const rosterGroup = (): string => `execution-roster-${randomUUID()}`;

/** Learns team memberships from the ownership events topic, from its beginning. */
@Injectable()
export class TeamRosterConsumer {
  private readonly logger = new Logger('execution-roster');
  private subscription: BusSubscription | undefined;

  constructor(
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
    @Inject(TeamRoster) private readonly roster: TeamRoster,
  ) {}

  async start(groupId = rosterGroup()): Promise<void> {
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
    try {
      this.roster.learn(decodeMessage(message));
    } catch (error) {
      // Retrying cannot fix a malformed message; ownership's own store still has the event.
      if (!(error instanceof MalformedMessageError)) throw error;
      this.logger.warn(`skipped ownership event at ${message.topic}/${message.offset}: ${error.message}`);
    }
    return Promise.resolve();
  }
}
