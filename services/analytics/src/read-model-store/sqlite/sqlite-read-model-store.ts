import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ColumnType, ReadModelStore, ReadModelTx, Rebuild, TableSpec } from '../read-model-store.port';
import { oneAtATime } from '../shared/one-at-a-time';
import { readOps, writeOps, type Naming } from './sqlite-table-ops';
import { checkShape, checkTable, tableName } from '../shared/table-shape';

/** Options of {@link openSqliteReadModelStore}. */
export interface SqliteReadModelStoreOptions {
  /** The database file (its directory is created), or `:memory:` for tests. */
  readonly file: string;
  /** How long a writer waits for another process's write lock (e.g. a rebuild's). Default 60 s. */
  readonly busyTimeoutMs?: number;
}

const SQL_TYPES: Record<ColumnType, string> = {
  text: 'TEXT',
  integer: 'INTEGER',
  bigint: 'INTEGER',
  bytes: 'BLOB',
};

const live: Naming = (table) => tableName(table);

/**
 * The embedded read-model store: one SQLite file of its own (not the event store's, whose write
 * lock it would contend for), in WAL mode. Writes go through one connection, one transaction at a
 * time; reads through a second one, so they never see a transaction in progress.
 */
export function openSqliteReadModelStore(options: SqliteReadModelStoreOptions): ReadModelStore {
  const memory = options.file === ':memory:';
  if (!memory) mkdirSync(dirname(options.file), { recursive: true });
  // The writer never waits inside SQLite (that would block the event loop): see beginWriting.
  const writer = connect(new Database(options.file), 0);
  // An in-memory database exists only on its own connection.
  const reader = memory ? writer : connect(new Database(options.file), READER_BUSY_TIMEOUT_MS);
  const serially = oneAtATime();
  const busyTimeoutMs = options.busyTimeoutMs ?? 60_000;

  const transaction = <T>(naming: Naming, work: (tx: ReadModelTx) => Promise<T>, after?: () => void) =>
    serially(async () => {
      await beginWriting(writer, busyTimeoutMs);
      try {
        const result = await work(writeOps(writer, naming));
        after?.();
        writer.exec('COMMIT');
        return result;
      } catch (error) {
        if (writer.inTransaction) writer.exec('ROLLBACK');
        throw error;
      }
    });

  return {
    ...{},
    ...readOps(reader, live),
    async ensureTables(tables) {
      tables.forEach(checkTable);
      return transaction(live, async () => {
        const created: string[] = [];
        for (const table of tables) {
          const found = writer.prepare('SELECT name FROM pragma_table_info(?)').pluck().all(tableName(table));
          checkShape(table, found as string[]);
          if (found.length === 0) created.push(table.name);
          writer.exec(createTable(table, tableName(table)));
        }
        return created;
      });
    },
    write: (work) => transaction(live, work),
    async startRebuild(tables): Promise<Rebuild> {
      tables.forEach(checkTable);
      const rebuilt = new Set(tables.map((t) => t.name));
      const naming: Naming = (table) => tableName(table, rebuilt.has(table.name));
      const dropShadows = () => {
        for (const table of tables) writer.exec(`DROP TABLE IF EXISTS ${tableName(table, true)}`);
      };
      await transaction(live, async () => {
        dropShadows();
        for (const table of tables) writer.exec(createTable(table, tableName(table, true)));
      });
      return {
        write: (work) => transaction(naming, work),
        swap: (work) =>
          transaction(naming, work, () => {
            for (const table of tables) {
              writer.exec(`DROP TABLE IF EXISTS ${tableName(table)}`);
              writer.exec(`ALTER TABLE ${tableName(table, true)} RENAME TO ${tableName(table)}`);
            }
          }),
        abandon: () => transaction(live, async () => dropShadows()),
      };
    },
    async close() {
      await serially(async () => {
        if (reader !== writer) reader.close();
        writer.close();
      });
    },
  };
}

/** A reader waits for a lock only in rare cases (WAL recovery); briefly, and blocking. */
const READER_BUSY_TIMEOUT_MS = 2_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Takes the write lock, waiting asynchronously while another process holds it (a rebuild writes
 * large transactions): SQLite's own busy wait would stall the whole host for that long.
 */
async function beginWriting(db: Database.Database, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (let pause = 1; ; pause = Math.min(pause * 2, 50)) {
    try {
      db.exec('BEGIN IMMEDIATE');
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== 'SQLITE_BUSY' || Date.now() > deadline) throw error;
      await sleep(pause);
    }
  }
}

function connect(db: Database.Database, busyTimeoutMs: number): Database.Database {
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma(`busy_timeout = ${busyTimeoutMs}`);
  return db;
}

// Clustered on the key: a trail or a day's buckets are read as one contiguous range.
const createTable = (table: TableSpec, name: string): string =>
  `CREATE TABLE IF NOT EXISTS ${name} (${Object.entries(table.columns)
    .map(([column, type]) => `${column} ${SQL_TYPES[type]} NOT NULL`)
    .join(', ')}, PRIMARY KEY (${table.primaryKey.join(', ')})) WITHOUT ROWID`;
