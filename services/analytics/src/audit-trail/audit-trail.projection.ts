import { EXECUTION_EVENTS_TOPIC } from '@baton/contracts';
import { encodeEnvelope, UnmappedEventTypeError } from '@baton/event-wire';
import type { Projection } from '../projections/projection';
import type { Row, TableSpec } from '../read-model-store/read-model-store.port';

export const INSTANCE_PREFIX = 'instance-';

/**
 * Every execution event per instance stream, by stream version: the audit trail. Envelopes stay
 * encoded (protobuf EventEnvelope bytes) until a page is read.
 */
export const AUDIT_TRAIL: TableSpec = {
  name: 'audit_trail',
  columns: { stream_id: 'text', version: 'integer', recorded_at: 'integer', envelope: 'bytes' },
  primaryKey: ['stream_id', 'version'],
};

/** Keeps the audit trail; a redelivered event (a version the trail has) leaves it alone. */
export const auditTrailProjection: Projection = {
  name: 'audit-trail',
  tables: [AUDIT_TRAIL],
  topics: [EXECUTION_EVENTS_TOPIC],
  context: 'execution',
  streamPrefixes: [INSTANCE_PREFIX],
  async apply(tx, events) {
    const rows = events.flatMap(({ event, envelope }): Row[] => {
      try {
        const bytes = envelope ?? encodeEnvelope(event);
        return [
          {
            stream_id: event.streamId,
            version: event.streamVersion,
            recorded_at: event.recordedAt.getTime(),
            envelope: bytes,
          },
        ];
      } catch (error) {
        // No wire message, so it was never published either: a replay skips it as live did.
        if (error instanceof UnmappedEventTypeError) return [];
        throw error;
      }
    });
    await tx.insertNew(AUDIT_TRAIL, rows);
  },
};
