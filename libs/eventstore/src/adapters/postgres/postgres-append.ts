import { named } from './named-statement';
import type { ClientBase, Pool } from 'pg';
import { chainHashes } from '../../chain/event-chain';
import type { AppendResult, ExpectedVersion, NewEvent } from '../../port/event-store.port';
import { planAppend, type ExistingEvent } from '../shared/append-plan';

/** Events per append are limited by the 20 low bits of the global position. */
export const MAX_EVENTS_PER_APPEND = 1 << 20;

type Queryable = Pick<ClientBase | Pool, 'query'>;

/** A stream's last event as the next append chains from it. */
export interface StreamHead {
  readonly version: number;
  /** Its link (null: no events, or recorded before the chain existed). */
  readonly link: string | null;
}

function assertAppendSize(events: readonly NewEvent[]): void {
  if (events.length > MAX_EVENTS_PER_APPEND) {
    throw new RangeError(`at most ${MAX_EVENTS_PER_APPEND} events per append, got ${events.length}`);
  }
}

/** The rows' columns as arrays, with each event's link after `head` (their versions follow it). */
function columnsOf(streamId: string, events: readonly NewEvent[], head: StreamHead, chainKey?: string) {
  // The link covers the business time, so it is fixed here rather than by the database.
  const now = new Date();
  const occurred = events.map((e) => e.occurredAt ?? now);
  const links = chainHashes(
    head.link,
    events.map((e, i) => ({
      eventId: e.eventId,
      streamId,
      streamVersion: head.version + 1 + i,
      type: e.type,
      schemaVersion: e.schemaVersion ?? 1,
      occurredAt: (occurred[i] as Date).getTime(),
      data: e.data ?? null,
      metadata: e.metadata ?? {},
    })),
    chainKey,
  );
  return [
    events.map((e) => e.eventId),
    events.map((e) => e.type),
    events.map((e) => JSON.stringify(e.data ?? null)),
    events.map((e) => JSON.stringify(e.metadata ?? {})),
    events.map((e) => e.schemaVersion ?? 1),
    occurred.map((d) => d.toISOString()),
    links,
  ];
}

// The transaction id is assigned by the insert; shifting it left keeps positions in
// transaction-id order, which is the order the xmin horizon releases them to readers.
const insertRows = (schema: string, firstVersion: string) => `
  INSERT INTO ${schema}.events
    (global_position, event_id, stream_id, stream_version, type, data, metadata, schema_version, occurred_at, chain_hash)
  SELECT (pg_current_xact_id()::text::bigint << 20) + (u.ord - 1), u.event_id, $1, ${firstVersion} + u.ord - 1,
         u.type, u.data::jsonb, u.metadata::jsonb, u.schema_version, u.occurred_at::timestamptz, u.chain_hash
    FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::int[], $8::text[], $9::text[])
         WITH ORDINALITY AS u(event_id, type, data, metadata, schema_version, occurred_at, chain_hash, ord)`;

const lastEvent = (schema: string) =>
  `SELECT stream_version, chain_hash FROM ${schema}.events WHERE stream_id = $1 ORDER BY stream_version DESC LIMIT 1`;

/**
 * The common case in one statement (one round trip, its own transaction): when the caller knows
 * the stream's head (its version and link: a new stream, or one this process appended to last),
 * the links are computed beforehand and the statement inserts only if the head is still that.
 * Returns undefined when it is not, so the caller takes {@link appendInTransaction}, which tells a
 * retry of an earlier append from a conflict. A unique violation (same event id, or a concurrent
 * writer took the version) rolls the whole statement back and is the caller's to handle.
 */
export async function tryAppendInOneStatement(
  db: Queryable,
  schema: string,
  streamId: string,
  events: readonly NewEvent[],
  head: StreamHead,
  chainKey?: string,
): Promise<(AppendResult & { readonly head: StreamHead }) | undefined> {
  assertAppendSize(events);
  if (events.length === 0) return undefined;
  const columns = columnsOf(streamId, events, head, chainKey);
  const links = columns[6] as string[];
  const result = await db.query<{ last: string | null; n: number }>(
    named(
      `WITH cur AS (${lastEvent(schema)}),
          ins AS (${insertRows(schema, '$2::int')}
                   WHERE COALESCE((SELECT stream_version FROM cur), 0) = $2::int - 1
                     AND (SELECT chain_hash FROM cur) IS NOT DISTINCT FROM $10::text
                  RETURNING global_position)
     SELECT max(global_position)::text AS last, count(*)::int AS n FROM ins`,
      [streamId, head.version + 1, ...columns, head.link],
    ),
  );
  const row = result.rows[0];
  if (!row || row.n === 0 || row.last === null) return undefined;
  return {
    nextExpectedVersion: head.version + events.length,
    lastGlobalPosition: BigInt(row.last),
    written: true,
    head: { version: head.version + events.length, link: links[links.length - 1] ?? null },
  };
}

/**
 * One append inside a transaction the caller opened (and commits): reads the stored events with
 * the same ids first, so retries and conflicts get the port's answers. Exposed so that a test
 * can hold the transaction open and prove that readers never skip past it. Returns the stream's
 * head after the append.
 */
export async function appendInTransaction(
  client: ClientBase,
  schema: string,
  streamId: string,
  events: readonly NewEvent[],
  expected: ExpectedVersion,
  chainKey?: string,
): Promise<AppendResult & { readonly head?: StreamHead }> {
  assertAppendSize(events);
  const found = await client.query<{
    event_id: string;
    stream_id: string;
    stream_version: number;
    global_position: string;
  }>(
    named(
      `SELECT event_id, stream_id, stream_version, global_position FROM ${schema}.events WHERE event_id = ANY($1::text[])`,
      [events.map((e) => e.eventId)],
    ),
  );
  const existing: ExistingEvent[] = found.rows.map((r) => ({
    eventId: r.event_id,
    streamId: r.stream_id,
    streamVersion: r.stream_version,
    globalPosition: BigInt(r.global_position),
  }));
  const last = await client.query<{ stream_version: number; chain_hash: string | null }>(
    named(lastEvent(schema), [streamId]),
  );
  const stored = last.rows[0];
  const head: StreamHead = stored
    ? { version: stored.stream_version, link: stored.chain_hash }
    : { version: 0, link: null };
  const plan = planAppend(streamId, events, expected, head.version, existing);
  if (plan.kind === 'already-written') return plan.result;
  if (events.length === 0)
    return { nextExpectedVersion: head.version, lastGlobalPosition: 0n, written: false };

  const columns = columnsOf(streamId, events, head, chainKey);
  const inserted = await client.query<{ last: string }>(
    named(
      `WITH ins AS (${insertRows(schema, '$2::int')} RETURNING global_position)
     SELECT max(global_position)::text AS last FROM ins`,
      [streamId, plan.firstVersion, ...columns],
    ),
  );
  const links = columns[6] as string[];
  return {
    nextExpectedVersion: plan.firstVersion - 1 + events.length,
    lastGlobalPosition: BigInt(inserted.rows[0]?.last ?? '0'),
    written: true,
    head: { version: plan.firstVersion - 1 + events.length, link: links[links.length - 1] ?? null },
  };
}
