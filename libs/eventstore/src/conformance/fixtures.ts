import { randomUUID } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import type { CheckpointStore, EventStore, NewEvent, Upcaster } from '../port/event-store.port';

/** What an adapter's factory gives the conformance suite; `dispose` closes and cleans up. */
export interface ConformanceFixture {
  readonly store: EventStore;
  readonly checkpoints: CheckpointStore;
  /** Direct writes to the stored rows, past the port, for the hash chain's cases. */
  readonly tamper?: Tamper;
  dispose(): Promise<void>;
}

/** What someone with write access to the database could do to a stored event. */
export interface Tamper {
  /** Replaces the event's data (as stored JSON). */
  setData(streamId: string, streamVersion: number, data: unknown): Promise<void>;
  /** Sets the event's link; null removes it. */
  setLink(streamId: string, streamVersion: number, link: string | null): Promise<void>;
  /** Deletes the event. */
  remove(streamId: string, streamVersion: number): Promise<void>;
  /** The event's stored link. */
  link(streamId: string, streamVersion: number): Promise<string | null>;
}

/** Options the suite passes to a factory; adapters forward them to their own options. */
export interface ConformanceOptions {
  readonly upcasters?: readonly Upcaster[];
}

export type ConformanceFactory = (options?: ConformanceOptions) => Promise<ConformanceFixture>;

/** A fresh stream id, so cases never see each other's streams. */
export const aStreamId = (category = 'test'): string => `${category}-${randomUUID()}`;

/** Builder with defaults for an event to append. */
export function anEvent(overrides: Partial<NewEvent> = {}): NewEvent {
  return { eventId: uuidv7(), type: 'ThingHappened', data: { n: 1 }, ...overrides };
}

export const events = (count: number): NewEvent[] =>
  Array.from({ length: count }, (_, i) => anEvent({ data: { n: i + 1 } }));

/** Polls until `check` passes or the time is up (live subscriptions are asynchronous). */
export async function eventually(check: () => void, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}
