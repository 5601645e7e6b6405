import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { DEFINITION_EVENTS_TOPIC, EXECUTION_EVENTS_TOPIC } from '@baton/contracts';
import type { BusSubscription, IncomingMessage, MessageBus } from '@baton/messaging';
import { MESSAGE_BUS } from '@baton/service-kit';
import { randomUUID } from 'node:crypto';
import { decodeEvent } from './decode-event';
import { WorkTracker } from './work-tracker';

/**
 * Keeps the {@link WorkTracker} (open work, deadlines, escalation progress, definitions' chains)
 * fed from execution and definition events.
 *
 * Durability choice: the tracker is rebuilt at every start by consuming both topics from the
 * beginning under fresh consumer groups (`ownership-work-<topic>-<uuid>`), not persisted. Execution's
 * instance streams already record every fact the scheduler needs (StepOverdue, StepEscalated,
 * completion), so replaying them tells a restarted scheduler exactly what has fired; a second
 * copy in our own stream could only drift from it. A command sent before the replay caught up
 * carries the same idempotency key as the first one, so execution records nothing twice. Cost:
 * the topics must retain the events of open work (no time-based deletion shorter than the
 * longest-running instance), and each start leaves an idle consumer group behind on Kafka.
 */
@Injectable()
export class WorkProjection implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly tracker = new WorkTracker();
  private readonly logger = new Logger('ownership.work');
  private subscriptions: BusSubscription[] = [];

  constructor(@Inject(MESSAGE_BUS) private readonly bus: MessageBus) {}

  async onApplicationBootstrap(): Promise<void> {
    const run = randomUUID();
    const handler = async (message: IncomingMessage): Promise<void> => this.handle(message);
    // One group per topic: Kafka assigns a group's partitions as if every member read every topic.
    this.subscriptions = await Promise.all(
      [DEFINITION_EVENTS_TOPIC, EXECUTION_EVENTS_TOPIC].map((topic) =>
        this.bus.subscribe({
          topic,
          groupId: `ownership-work-${topic}-${run}`,
          handler,
          fromBeginning: true,
        }),
      ),
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.subscriptions.map((s) => s.stop()));
    this.subscriptions = [];
  }

  private handle(message: IncomingMessage): void {
    try {
      this.tracker.apply(decodeEvent(message));
    } catch (error) {
      // A message we cannot read would otherwise be redelivered forever; the projection skips it.
      this.logger.warn(
        `skipped unreadable ${message.topic} message at ${message.partition}/${message.offset}: ${String(error)}`,
      );
    }
  }
}
