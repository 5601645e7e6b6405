import type { ClientBase, Pool } from 'pg';
import type { AppendResult, ExpectedVersion, NewEvent } from '../../port/event-store.port';
import { planAppend, type ExistingEvent } from '../shared/append-plan';

/** Events per append are limited by the 20 low bits of the global position. */
export const MAX_EVENTS_PER_APPEND = 1 << 20;

type Queryable = Pick<ClientBase | Pool, 'query'>;

function assertAppendSize(events: readonly NewEvent[]): void {
  if (events.length > MAX_EVENTS_PER_APPEND) {
    throw new RangeError(`at most ${MAX_EVENTS_PER_APPEND} events per append, got ${events.length}`);
  }
}

const columnsOf = (events: readonly NewEvent[]) => [
  events.map((e) => e.eventId),
  events.map((e) => e.type),
  events.map((e) => JSON.stringify(e.data ?? null)),
  events.map((e) => JSON.stringify(e.metadata ?? {})),
  events.map((e) => e.schemaVersion ?? 1),
  events.map((e) => e.occurredAt?.toISOString() ?? null),
];

// The transaction id is assigned by the insert; shifting it left keeps positions in
// transaction-id order, which is the order the xmin horizon releases them to readers.
const insertRows = (schema: string, firstVersion: string) => `
  INSERT INTO ${schema}.events
    (global_position, event_id, stream_id, stream_version, type, data, metadata, schema_version, occurred_at)
  SELECT (pg_current_xact_id()::text::bigint << 20) + (u.ord - 1), u.event_id, $1, ${firstVersion} + u.ord - 1,
         u.type, u.data::jsonb, u.metadata::jsonb, u.schema_version, COALESCE(u.occurred_at::timestamptz, now())
    FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::int[], $8::text[])
         WITH ORDINALITY AS u(event_id, type, data, metadata, schema_version, occurred_at, ord)`;

/**
 * The common case in one statement (one round trip, its own transaction): read the stream's
 * version, check the expectation and insert. Returns undefined when the expectation does not
 * hold, so the caller takes {@link appendInTransaction}, which tells a retry of an earlier append
 * from a conflict. A unique violation (same event id, or a concurrent writer took the version)
 * rolls the whole statement back and is the caller's to handle.
 */
export async function tryAppendInOneStatement(
  db: Queryable,
  schema: string,
  streamId: string,
  events: readonly NewEvent[],
  expected: ExpectedVersion,
): Promise<AppendResult | undefined> {
  assertAppendSize(events);
  if (events.length === 0) return undefined;
  const result = await db.query<{ current: number; last: string | null; n: number }>(
    `WITH cur AS (SELECT COALESCE(MAX(stream_version), 0)::int AS v FROM ${schema}.events WHERE stream_id = $1),
          ins AS (${insertRows(schema, '(SELECT v FROM cur) + 1')}
                   WHERE $2::text = 'any' OR ($2 = 'no-stream' AND (SELECT v FROM cur) = 0)
                      OR ($2 = 'exact' AND (SELECT v FROM cur) = $9::int)
                  RETURNING global_position)
     SELECT (SELECT v FROM cur) AS current, max(global_position)::text AS last, count(*)::int AS n FROM ins`,
    [streamId, expected.kind, ...columnsOf(events), expected.kind === 'exact' ? expected.version : null],
  );
  const row = result.rows[0];
  if (!row || row.n === 0 || row.last === null) return undefined;
  return {
    nextExpectedVersion: row.current + events.length,
    lastGlobalPosition: BigInt(row.last),
    written: true,
  };
}

/**
 * One append inside a transaction the caller opened (and commits): reads the stored events with
 * the same ids first, so retries and conflicts get the port's answers. Exposed so that a test
 * can hold the transaction open and prove that readers never skip past it.
 */
export async function appendInTransaction(
  client: ClientBase,
  schema: string,
  streamId: string,
  events: readonly NewEvent[],
  expected: ExpectedVersion,
): Promise<AppendResult> {
  assertAppendSize(events);
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

  const inserted = await client.query<{ last: string }>(
    `WITH ins AS (${insertRows(schema, '$2::int')} RETURNING global_position)
     SELECT max(global_position)::text AS last FROM ins`,
    [streamId, plan.firstVersion, ...columnsOf(events)],
  );
  return {
    nextExpectedVersion: plan.firstVersion - 1 + events.length,
    lastGlobalPosition: BigInt(inserted.rows[0]?.last ?? '0'),
    written: true,
  };
}
