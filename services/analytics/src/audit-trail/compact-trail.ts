import { decodeEnvelope } from '@baton/event-wire';
import type { RecordedEvent } from '@baton/eventstore';

/**
 * An event as a trail keeps it. A protobuf EventEnvelope stays encoded, as a latin1 string: one
 * character per byte on the V8 heap, a fraction of the decoded event and without a Buffer's
 * per-object and backing-store cost. An event that came in another format stays decoded.
 */
export type KeptEvent = string | RecordedEvent;

/** One instance's events in stream-version order (arrays of exact size: trails are many and short). */
export interface Trail {
  readonly versions: readonly number[];
  readonly events: readonly KeptEvent[];
}

/** The envelope bytes as a trail keeps them. */
export const keptEnvelope = (bytes: Buffer): KeptEvent => bytes.toString('latin1');

const decoded = (kept: KeptEvent): RecordedEvent =>
  typeof kept === 'string' ? decodeEnvelope(Buffer.from(kept, 'latin1')) : kept;

/** The trail with the event at its version; the same trail when it has that version (a redelivery). */
export function withEvent(trail: Trail | undefined, version: number, event: KeptEvent): Trail {
  if (!trail) return { versions: [version], events: [event] };
  const { versions, events } = trail;
  let at = versions.length;
  while (at > 0 && (versions[at - 1] as number) > version) at--;
  if (versions[at - 1] === version) return trail;
  return { versions: versions.toSpliced(at, 0, version), events: events.toSpliced(at, 0, event) };
}

/** Up to `size` events after `afterVersion`, decoded; `more` when others follow them. */
export function pageOf(
  trail: Trail,
  afterVersion: number,
  size: number,
): { readonly events: RecordedEvent[]; readonly more: boolean } {
  const from = trail.versions.findIndex((version) => version > afterVersion);
  if (from < 0) return { events: [], more: false };
  const page = trail.events.slice(from, from + size);
  return { events: page.map(decoded), more: trail.events.length - from > size };
}
