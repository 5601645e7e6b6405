import { decodeEnvelope } from '@baton/event-wire';
import type { RecordedEvent } from '@baton/eventstore';
import { pack, unpack } from './trail-packing';

/**
 * An event as a trail keeps it. A protobuf EventEnvelope stays encoded, as a latin1 string: one
 * character per byte on the V8 heap, a fraction of the decoded event and without a Buffer's
 * per-object and backing-store cost. An event that came in another format stays decoded.
 */
export type KeptEvent = string | RecordedEvent;

/**
 * One instance's events in stream-version order (arrays of exact size: trails are many and
 * short). A trail that went quiet keeps its envelopes packed together instead.
 */
export type Trail =
  | { readonly versions: readonly number[]; readonly events: readonly KeptEvent[] }
  | { readonly versions: readonly number[]; readonly packed: string };

/** The envelope bytes as a trail keeps them. */
export const keptEnvelope = (bytes: Buffer): KeptEvent => bytes.toString('latin1');

const decoded = (kept: KeptEvent): RecordedEvent =>
  typeof kept === 'string' ? decodeEnvelope(Buffer.from(kept, 'latin1')) : kept;

const eventsOf = (trail: Trail): readonly KeptEvent[] =>
  'packed' in trail ? unpack(trail.packed) : trail.events;

/** The trail with the event at its version; the same trail when it has that version (a redelivery). */
export function withEvent(trail: Trail | undefined, version: number, event: KeptEvent): Trail {
  if (!trail) return { versions: [version], events: [event] };
  const { versions } = trail;
  let at = versions.length;
  while (at > 0 && (versions[at - 1] as number) > version) at--;
  if (versions[at - 1] === version) return trail;
  return { versions: versions.toSpliced(at, 0, version), events: eventsOf(trail).toSpliced(at, 0, event) };
}

/** The trail with its envelopes packed; the same trail when packed already or holding decoded events. */
export function packed(trail: Trail): Trail {
  if ('packed' in trail || !trail.events.every((event) => typeof event === 'string')) return trail;
  return { versions: trail.versions, packed: pack(trail.events as readonly string[]) };
}

/** Up to `size` events after `afterVersion`, decoded; `more` when others follow them. */
export function pageOf(
  trail: Trail,
  afterVersion: number,
  size: number,
): { readonly events: RecordedEvent[]; readonly more: boolean } {
  const from = trail.versions.findIndex((version) => version > afterVersion);
  if (from < 0) return { events: [], more: false };
  const events = eventsOf(trail);
  return { events: events.slice(from, from + size).map(decoded), more: events.length - from > size };
}
