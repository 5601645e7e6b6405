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
import { performance } from 'node:perf_hooks';
import { keptEnvelope, packed, pageOf, withEvent, type Trail } from './compact-trail';

const INSTANCE_PREFIX = 'instance-';
/** A trail is packed once it had no event for about this long. */
const QUIET_MS = 2_000;
/** Packing runs on the event loop: in short slices, so no call waits long behind it. */
const PACK_INTERVAL_MS = 100;
const PACK_BUDGET_MS = 4;

/**
 * Every execution event per instance, in stream order: the audit trail. Fed by the execution
 * events topic; a redelivered event (same stream version) is ignored. Kept in memory, compactly
 * (envelopes stay encoded until read; a trail with no new event for a round is packed), and
 * rebuilt by replaying the topic from the beginning at start; issue 7 moves it to a durable read
 * model.
 */
@Injectable()
export class AuditTrailProjection implements OnApplicationBootstrap, OnApplicationShutdown {
  /** By stream id (`instance-<id>`). */
  private readonly trails = new Map<string, Trail>();
  private subscription: BusSubscription | undefined;
  /** Trails that had events in this period and in the one before; those quiet since, to pack. */
  private touched = new Set<string>();
  private touchedBefore = new Set<string>();
  private quiet: string[] = [];
  private quietAt = 0;
  private periodStart = 0;
  private packing: NodeJS.Timeout | undefined;

  constructor(@Inject(MESSAGE_BUS) private readonly bus: MessageBus) {}

  async onApplicationBootstrap(): Promise<void> {
    this.subscription = await this.bus.subscribe({
      topic: EXECUTION_EVENTS_TOPIC,
      // A fresh in-memory projection must see the whole topic, so the group is per process.
      groupId: `analytics-audit-trail-${process.pid}-${Date.now()}`,
      fromBeginning: true,
      handler: async (message) => this.apply(message),
    });
    this.packing = setInterval(() => this.packQuietTrails(), PACK_INTERVAL_MS);
    this.packing.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.packing);
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
    if (next === trail) return;
    this.trails.set(event.streamId, next);
    this.touched.add(event.streamId);
  }

  /**
   * One slice of packing (its timer calls it; tests pass `quietMs` 0): for at most
   * PACK_BUDGET_MS, packs trails that had events two periods ago and none since.
   */
  packQuietTrails(quietMs = QUIET_MS): void {
    const now = performance.now();
    while (this.quietAt < this.quiet.length && performance.now() < now + PACK_BUDGET_MS) {
      const streamId = this.quiet[this.quietAt++] as string;
      const trail = this.trails.get(streamId);
      if (trail && !this.touched.has(streamId)) this.trails.set(streamId, packed(trail));
    }
    if (this.quietAt < this.quiet.length || now - this.periodStart < quietMs) return;
    this.quiet = [...this.touchedBefore].filter((streamId) => !this.touched.has(streamId));
    this.quietAt = 0;
    this.touchedBefore = this.touched;
    this.touched = new Set();
    this.periodStart = now;
  }

  /** Up to `size` of the instance's events after `afterVersion`, or undefined when none arrived (yet). */
  pageOf(instanceId: string, afterVersion: number, size: number): ReturnType<typeof pageOf> | undefined {
    const trail = this.trails.get(INSTANCE_PREFIX + instanceId);
    return trail && pageOf(trail, afterVersion, size);
  }
}
