import {
  ANY,
  NO_STREAM,
  WrongExpectedVersionError as VendorWrongExpectedVersionError,
  jsonEvent,
  type AllStreamRecordedEvent,
  type AppendExpectedRevision,
  type EventData,
  type RecordedEvent as VendorRecordedEvent,
} from '@eventstore/db-client';
import { WrongExpectedVersionError } from '../../port/errors';
import type { EventMetadata, ExpectedVersion, NewEvent, RecordedEvent } from '../../port/event-store.port';

/** Envelope fields KurrentDB has no slot for travel in the event's metadata under this key. */
interface StoredMetadata {
  readonly baton: { readonly occurredAt: string; readonly schemaVersion: number };
  readonly metadata: EventMetadata;
}

/** Port versions are 1-based; KurrentDB revisions are 0-based. */
export function toExpectedRevision(expected: ExpectedVersion): AppendExpectedRevision {
  if (expected.kind === 'any') return ANY;
  if (expected.kind === 'no-stream' || expected.version === 0) return NO_STREAM;
  return BigInt(expected.version - 1);
}

export function toEventData(event: NewEvent, now: Date): EventData {
  const metadata: StoredMetadata = {
    baton: { occurredAt: (event.occurredAt ?? now).toISOString(), schemaVersion: event.schemaVersion ?? 1 },
    metadata: event.metadata ?? {},
  };
  return jsonEvent({
    id: event.eventId,
    type: event.type,
    data: event.data as Record<string, unknown>,
    metadata: metadata as unknown as Record<string, unknown>,
  });
}

/** `globalPosition` is the commit position, which orders `$all`. */
export function fromRecorded(e: VendorRecordedEvent | AllStreamRecordedEvent): RecordedEvent {
  const stored = e.metadata as unknown as Partial<StoredMetadata> | undefined;
  return {
    eventId: e.id,
    type: e.type,
    streamId: e.streamId,
    streamVersion: Number(e.revision) + 1,
    globalPosition: e.position?.commit ?? -1n,
    occurredAt: new Date(stored?.baton?.occurredAt ?? e.created),
    recordedAt: e.created,
    data: e.data,
    metadata: stored?.metadata ?? {},
    schemaVersion: stored?.baton?.schemaVersion ?? 1,
  };
}

/** Vendor errors never leave the adapter: this is the one place they are translated. */
export function translateError(error: unknown, streamId: string, expected: ExpectedVersion): unknown {
  if (error instanceof VendorWrongExpectedVersionError) {
    const actual = error.actualVersion;
    return new WrongExpectedVersionError(
      streamId,
      expected,
      typeof actual === 'bigint' ? Number(actual) + 1 : 0,
    );
  }
  return error;
}
