import type Database from 'better-sqlite3';

/** Ordered, append-only: never edit a shipped migration, add the next one. */
const MIGRATIONS: readonly { version: number; sql: string }[] = [
  {
    version: 1,
    sql: `
      -- AUTOINCREMENT so a position is never reused, even after the last row is deleted.
      CREATE TABLE events (
        global_position INTEGER PRIMARY KEY AUTOINCREMENT,
        event_id TEXT NOT NULL UNIQUE,
        stream_id TEXT NOT NULL,
        stream_version INTEGER NOT NULL,
        type TEXT NOT NULL,
        data TEXT NOT NULL,
        metadata TEXT NOT NULL,
        schema_version INTEGER NOT NULL,
        occurred_at INTEGER NOT NULL,
        recorded_at INTEGER NOT NULL,
        UNIQUE (stream_id, stream_version)
      );
      CREATE TABLE streams (stream_id TEXT PRIMARY KEY, metadata TEXT NOT NULL);
      CREATE TABLE checkpoints (name TEXT PRIMARY KEY, position TEXT NOT NULL);
    `,
  },
  {
    version: 2,
    // Each event's link in its stream's hash chain (chain/event-chain.ts); null for earlier events.
    sql: `ALTER TABLE events ADD COLUMN chain_hash TEXT;`,
  },
];

/** Applies pending migrations, each in its own immediate (write-locked) transaction. */
export function migrateSqlite(db: Database.Database): void {
  db.exec(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)',
  );
  for (const m of MIGRATIONS) {
    db.transaction(() => {
      // Checked inside the write lock: another process may have applied it meanwhile.
      if (db.prepare('SELECT 1 FROM schema_migrations WHERE version = ?').get(m.version)) return;
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(
        m.version,
        Date.now(),
      );
    }).immediate();
  }
}
