import type { ClientBase } from 'pg';
import type { AppendResult, ExpectedVersion, NewEvent } from '../../port/event-store.port';
import { planAppend, type ExistingEvent } from '../shared/append-plan';

/** Events per append are limited by the 20 low bits of the global position. */
export const MAX_EVENTS_PER_APPEND = 1 << 20;

/**
 * One append inside a transaction the caller opened (and commits). Exposed so that a test can
 * hold the transaction open and prove that readers never skip past it.
 */
export async function appendInTransaction(
  client: ClientBase,
  schema: string,
  streamId: string,
  events: readonly NewEvent[],
  expected: ExpectedVersion,
): Promise<AppendResult> {
  if (events.length > MAX_EVENTS_PER_APPEND) {
    throw new RangeError(`at most ${MAX_EVENTS_PER_APPEND} events per append, got ${events.length}`);
  }
  const found = await client.query<{
    event_id: string;
    stream_id: string;
    stream_version: number;
    global_position: string;
  }>(
    `SELECT event_id, stream_id, stream_version, global_position FROM ${schema}.events WHERE event_id = ANY($1::text[])`,
    [events.map((e) => e.eventId)],
  );
  const existing: ExistingEvent[] = found.rows.map((r) => ({
    eventId: r.event_id,
    streamId: r.stream_id,
    streamVersion: r.stream_version,
    globalPosition: BigInt(r.global_position),
  }));
  const version = await client.query<{ v: number }>(
    `SELECT COALESCE(MAX(stream_version), 0)::int AS v FROM ${schema}.events WHERE stream_id = $1`,
    [streamId],
  );
  const current = version.rows[0]?.v ?? 0;
  const plan = planAppend(streamId, events, expected, current, existing);
  if (plan.kind === 'already-written') return plan.result;
  if (events.length === 0) return { nextExpectedVersion: current, lastGlobalPosition: 0n, written: false };

  // The transaction id is assigned by this first write; shifting it left keeps positions in
  // transaction-id order, which is the order the xmin horizon releases them to readers.
  const inserted = await client.query<{ global_position: string }>(
    `INSERT INTO ${schema}.events
       (global_position, event_id, stream_id, stream_version, type, data, metadata, schema_version, occurred_at)
     SELECT (pg_current_xact_id()::text::bigint << 20) + (u.ord - 1), u.event_id, $1, $2 + u.ord - 1, u.type,
            u.data::jsonb, u.metadata::jsonb, u.schema_version, COALESCE(u.occurred_at::timestamptz, now())
       FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::int[], $8::text[])
            WITH ORDINALITY AS u(event_id, type, data, metadata, schema_version, occurred_at, ord)
     ORDER BY u.ord
     RETURNING global_position`,
    [
      streamId,
      plan.firstVersion,
      events.map((e) => e.eventId),
      events.map((e) => e.type),
      events.map((e) => JSON.stringify(e.data ?? null)),
      events.map((e) => JSON.stringify(e.metadata ?? {})),
      events.map((e) => e.schemaVersion ?? 1),
      events.map((e) => e.occurredAt?.toISOString() ?? null),
    ],
  );
  // Delivered on commit only, so listeners never wake before the events are visible.
  await client.query('SELECT pg_notify($1, $2)', [schema, '']);
  const positions = inserted.rows.map((r) => BigInt(r.global_position));
  return {
    nextExpectedVersion: plan.firstVersion - 1 + events.length,
    lastGlobalPosition: positions.reduce((a, b) => (b > a ? b : a), 0n),
    written: true,
  };
}
