import { EXECUTION_EVENTS_TOPIC } from '@baton/contracts';
import { decodeMessage, PROTOBUF_CONTENT_TYPE } from '@baton/event-wire';
import {
  MessageHeaders,
  type BusSubscription,
  type IncomingMessage,
  type MessageBus,
} from '@baton/messaging';
import { MESSAGE_BUS } from '@baton/service-kit';
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { keptEnvelope, pageOf, withEvent, type Trail } from './compact-trail';

const INSTANCE_PREFIX = 'instance-';

/**
 * Every execution event per instance, in stream order: the audit trail. Fed by the execution
 * events topic; a redelivered event (same stream version) is ignored. Kept in memory, compactly
 * (envelopes stay encoded until read), and rebuilt by replaying the topic from the beginning at
 * start; issue 7 moves it to a durable read model.
 */
@Injectable()
export class AuditTrailProjection implements OnApplicationBootstrap, OnApplicationShutdown {
  /** By stream id (`instance-<id>`). */
  private readonly trails = new Map<string, Trail>();
  private subscription: BusSubscription | undefined;

  constructor(@Inject(MESSAGE_BUS) private readonly bus: MessageBus) {}

  async onApplicationBootstrap(): Promise<void> {
    this.subscription = await this.bus.subscribe({
      topic: EXECUTION_EVENTS_TOPIC,
      // A fresh in-memory projection must see the whole topic, so the group is per process.
      groupId: `analytics-audit-trail-${process.pid}-${Date.now()}`,
      fromBeginning: true,
      handler: async (message) => this.apply(message),
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.subscription?.stop();
  }

  apply(message: IncomingMessage): void {
    const event = decodeMessage(message);
    if (!event.streamId.startsWith(INSTANCE_PREFIX)) return;
    // decodeMessage read this content type as exactly these envelope bytes: keep them instead.
    const envelope = message.headers[MessageHeaders.contentType] === PROTOBUF_CONTENT_TYPE;
    const kept = envelope ? keptEnvelope(message.value) : event;
    const trail = this.trails.get(event.streamId);
    const next = withEvent(trail, event.streamVersion, kept);
    if (next !== trail) this.trails.set(event.streamId, next);
  }

  /** Up to `size` of the instance's events after `afterVersion`, or undefined when none arrived (yet). */
  pageOf(instanceId: string, afterVersion: number, size: number): ReturnType<typeof pageOf> | undefined {
    const trail = this.trails.get(INSTANCE_PREFIX + instanceId);
    return trail && pageOf(trail, afterVersion, size);
  }
}
