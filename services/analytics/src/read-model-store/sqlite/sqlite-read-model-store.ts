import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type {
  ColumnType,
  RangeQuery,
  ReadModelReader,
  ReadModelStore,
  ReadModelTx,
  Rebuild,
  Row,
  TableSpec,
  Value,
} from '../read-model-store.port';
import { oneAtATime } from '../shared/one-at-a-time';
import {
  checkTable,
  columnsOf,
  keyPrefix,
  rangePlan,
  rowFromDatabase,
  tableName,
} from '../shared/table-shape';

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

/** Names a table in SQL: live, or its shadow copy for the tables of a rebuild. */
type Naming = (table: TableSpec) => string;
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
    ...readOps(reader, live),
    async ensureTables(tables) {
      tables.forEach(checkTable);
      await transaction(live, async () => {
        for (const table of tables) writer.exec(createTable(table, tableName(table)));
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

/** Prepared statements by SQL text, per connection: preparing costs more than running. */
const statementCaches = new WeakMap<Database.Database, Map<string, Database.Statement>>();

function statement(db: Database.Database, sql: string): Database.Statement {
  let cache = statementCaches.get(db);
  if (!cache) statementCaches.set(db, (cache = new Map()));
  let prepared = cache.get(sql);
  if (!prepared) cache.set(sql, (prepared = db.prepare(sql).safeIntegers(true)));
  return prepared;
}

const bindable = (value: Value): unknown => value;

function readOps(db: Database.Database, naming: Naming): ReadModelReader {
  return {
    async get(table, key) {
      const columns = keyPrefix(table, key);
      if (columns.length !== table.primaryKey.length) {
        throw new Error(`read model ${table.name}: get needs the whole primary key`);
      }
      const sql = `SELECT ${columnsOf(table).join(', ')} FROM ${naming(table)} WHERE ${columns
        .map((c) => `${c} = ?`)
        .join(' AND ')}`;
      const raw = statement(db, sql).get(...columns.map((c) => bindable(key[c] as Value)));
      return raw === undefined ? undefined : rowFromDatabase(table, raw as Record<string, unknown>);
    },
    async range(table, query: RangeQuery) {
      const plan = rangePlan(table, query);
      const conditions = [
        ...plan.equal.map((c) => `${c} = ?`),
        ...plan.bounds.map((b) => `${b.column} ${b.op} ?`),
      ];
      const sql =
        `SELECT ${columnsOf(table).join(', ')} FROM ${naming(table)}` +
        (conditions.length > 0 ? ` WHERE ${conditions.join(' AND ')}` : '') +
        ` ORDER BY ${table.primaryKey.join(', ')} LIMIT ?`;
      const parameters = [
        ...plan.equal.map((c) => bindable(query.where[c] as Value)),
        ...plan.bounds.map((b) => bindable(b.value)),
        query.limit ?? -1,
      ];
      return (statement(db, sql).all(...parameters) as Record<string, unknown>[]).map((raw) =>
        rowFromDatabase(table, raw),
      );
    },
  };
}

function writeOps(db: Database.Database, naming: Naming): ReadModelTx {
  const insert = (table: TableSpec, rows: readonly Row[], conflict: string): number => {
    const columns = columnsOf(table);
    const sql = `INSERT INTO ${naming(table)} (${columns.join(', ')}) VALUES (${columns
      .map(() => '?')
      .join(', ')}) ${conflict}`;
    const insertRow = statement(db, sql);
    let inserted = 0;
    for (const row of rows)
      inserted += insertRow.run(...columns.map((c) => bindable(row[c] as Value))).changes;
    return inserted;
  };
  return {
    ...readOps(db, naming),
    async insertNew(table, rows) {
      return insert(table, rows, 'ON CONFLICT DO NOTHING');
    },
    async put(table, rows) {
      const updates = columnsOf(table)
        .filter((c) => !table.primaryKey.includes(c))
        .map((c) => `${c} = excluded.${c}`);
      insert(
        table,
        rows,
        updates.length > 0
          ? `ON CONFLICT (${table.primaryKey.join(', ')}) DO UPDATE SET ${updates.join(', ')}`
          : 'ON CONFLICT DO NOTHING',
      );
    },
    async delete(table, where) {
      const columns = keyPrefix(table, where);
      const sql =
        `DELETE FROM ${naming(table)}` +
        (columns.length > 0 ? ` WHERE ${columns.map((c) => `${c} = ?`).join(' AND ')}` : '');
      statement(db, sql).run(...columns.map((c) => bindable(where[c] as Value)));
    },
  };
}
