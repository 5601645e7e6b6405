import { openPostgresEventStore } from '@baton/eventstore';
import Database from 'better-sqlite3';
import { Client } from 'pg';

// The generated SQLite store copied into a PostgreSQL event store (the adapter's schema, created
// by opening it), in store order: the same events, streams and versions, for the rebuild on
// PostgreSQL. Bulk inserts in transactions of 10,000 events positioned as the adapter positions
// them (transaction id << 20, plus the index in the transaction): set-up, not a measured path.

const CHUNK = 10_000;

interface Raw {
  event_id: string;
  stream_id: string;
  stream_version: number;
  type: string;
  data: string;
  metadata: string;
  schema_version: number;
  occurred_at: number;
  recorded_at: number;
}

export async function copyToPostgres(
  sqliteFile: string,
  url: string,
  schema: string,
): Promise<{ events: number; seconds: number }> {
  const t0 = performance.now();
  await (await openPostgresEventStore({ connectionString: url, schema })).close();
  const db = new Database(sqliteFile, { readonly: true });
  const pg = new Client({ connectionString: url });
  await pg.connect();
  let events = 0;
  try {
    const select = db.prepare(
      `SELECT event_id, stream_id, stream_version, type, data, metadata, schema_version, occurred_at, recorded_at
         FROM events WHERE global_position > ? ORDER BY global_position LIMIT ?`,
    );
    const position = db.prepare('SELECT global_position FROM events WHERE event_id = ?').pluck();
    let after = 0;
    for (;;) {
      const rows = select.all(after, CHUNK) as Raw[];
      if (rows.length === 0) break;
      const column = <K extends keyof Raw>(k: K) => rows.map((r) => r[k]);
      await pg.query('BEGIN');
      await pg.query(
        `INSERT INTO ${schema}.events
           (global_position, event_id, stream_id, stream_version, type, data, metadata, schema_version, occurred_at, recorded_at)
         SELECT (pg_current_xact_id()::text::bigint << 20) + (u.ord - 1), u.event_id, u.stream_id, u.stream_version,
                u.type, u.data::jsonb, u.metadata::jsonb, u.schema_version,
                timestamptz 'epoch' + u.occurred_at * interval '1 millisecond',
                timestamptz 'epoch' + u.recorded_at * interval '1 millisecond'
           FROM unnest($1::text[], $2::text[], $3::int[], $4::text[], $5::text[], $6::text[], $7::int[], $8::bigint[], $9::bigint[])
                WITH ORDINALITY AS u(event_id, stream_id, stream_version, type, data, metadata, schema_version, occurred_at, recorded_at, ord)`,
        [
          column('event_id'),
          column('stream_id'),
          column('stream_version'),
          column('type'),
          column('data'),
          column('metadata'),
          column('schema_version'),
          column('occurred_at'),
          column('recorded_at'),
        ],
      );
      await pg.query('COMMIT');
      events += rows.length;
      after = Number(position.get((rows[rows.length - 1] as Raw).event_id));
    }
    await pg.query(`ANALYZE ${schema}.events`);
  } finally {
    await pg.end();
    db.close();
  }
  return { events, seconds: Math.round(performance.now() - t0) / 1000 };
}
