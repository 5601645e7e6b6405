import type { Pool } from 'pg';

/** Ordered, append-only: never edit a shipped migration, add the next one. */
const MIGRATIONS: readonly { version: number; sql: (schema: string) => string }[] = [
  {
    version: 1,
    sql: (s) => `
      -- global_position = transaction id << 20 | index in the append: see README.md.
      CREATE TABLE ${s}.events (
        global_position bigint PRIMARY KEY,
        transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
        event_id text NOT NULL,
        stream_id text NOT NULL,
        stream_version integer NOT NULL,
        type text NOT NULL,
        data jsonb NOT NULL,
        metadata jsonb NOT NULL,
        schema_version integer NOT NULL,
        occurred_at timestamptz NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT events_event_id_key UNIQUE (event_id),
        CONSTRAINT events_stream_version_key UNIQUE (stream_id, stream_version)
      );
      CREATE TABLE ${s}.streams (stream_id text PRIMARY KEY, metadata jsonb NOT NULL);
      CREATE TABLE ${s}.checkpoints (name text PRIMARY KEY, position bigint NOT NULL);
    `,
  },
  {
    version: 2,
    // Each event's link in its stream's hash chain (chain/event-chain.ts); null for earlier events.
    sql: (s) => `ALTER TABLE ${s}.events ADD COLUMN chain_hash text`,
  },
];

/** Schema names are interpolated into SQL, so only plain lower-case identifiers are accepted. */
export function assertSchemaName(schema: string): void {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    throw new Error(`invalid schema name "${schema}": use lower-case letters, digits and _ (max 63)`);
  }
}

/**
 * Applies pending migrations, each in its own transaction under a transaction-scoped advisory
 * lock per schema, so processes starting together apply each migration exactly once.
 */
export async function migratePostgres(pool: Pool, schema: string): Promise<void> {
  assertSchemaName(schema);
  for (const m of MIGRATIONS) {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`baton-eventstore:${schema}`]);
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
      await client.query(
        `CREATE TABLE IF NOT EXISTS ${schema}.schema_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`,
      );
      const done = await client.query(`SELECT 1 FROM ${schema}.schema_migrations WHERE version = $1`, [
        m.version,
      ]);
      if (done.rowCount === 0) {
        await client.query(m.sql(schema));
        await client.query(`INSERT INTO ${schema}.schema_migrations (version) VALUES ($1)`, [m.version]);
      }
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }
}
