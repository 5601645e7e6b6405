import { EXECUTION_EVENTS_TOPIC } from '@baton/contracts';
import type { RecordedEvent } from '@baton/eventstore';
import { decodeMessage } from '@baton/event-wire';
import type { BusSubscription, MessageBus } from '@baton/messaging';
import { MESSAGE_BUS } from '@baton/service-kit';
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';

const INSTANCE_PREFIX = 'instance-';

/**
 * Every execution event per instance, in stream order: the audit trail. Fed by the execution
 * events topic; a redelivered event (same stream version) is ignored. Kept in memory and rebuilt
 * by replaying the topic from the beginning at start; issue 7 moves it to a durable read model.
 */
@Injectable()
export class AuditTrailProjection implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly trails = new Map<string, RecordedEvent[]>();
  private subscription: BusSubscription | undefined;

  constructor(@Inject(MESSAGE_BUS) private readonly bus: MessageBus) {}

  async onApplicationBootstrap(): Promise<void> {
    this.subscription = await this.bus.subscribe({
      topic: EXECUTION_EVENTS_TOPIC,
      // A fresh in-memory projection must see the whole topic, so the group is per process.
      groupId: `analytics-audit-trail-${process.pid}-${Date.now()}`,
      fromBeginning: true,
      handler: async (message) => this.apply(decodeMessage(message)),
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.subscription?.stop();
  }

  apply(event: RecordedEvent): void {
    if (!event.streamId.startsWith(INSTANCE_PREFIX)) return;
    const instanceId = event.streamId.slice(INSTANCE_PREFIX.length);
    const trail = this.trails.get(instanceId) ?? [];
    if (trail.some((e) => e.streamVersion === event.streamVersion)) return;
    trail.push(event);
    if ((trail.at(-2)?.streamVersion ?? 0) > event.streamVersion) {
      trail.sort((a, b) => a.streamVersion - b.streamVersion);
    }
    this.trails.set(instanceId, trail);
  }

  /** The instance's events in order, or undefined when none arrived (yet). */
  trailOf(instanceId: string): readonly RecordedEvent[] | undefined {
    return this.trails.get(instanceId);
  }
}
