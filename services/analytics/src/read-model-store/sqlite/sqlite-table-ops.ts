import type Database from 'better-sqlite3';
import type {
  RangeQuery,
  ReadModelReader,
  ReadModelTx,
  Row,
  TableSpec,
  Value,
} from '../read-model-store.port';
import { columnsOf, keyPrefix, rangePlan, rowFromDatabase } from '../shared/table-shape';

/** Names a table in SQL: live, or its shadow copy for the tables of a rebuild. */
export type Naming = (table: TableSpec) => string;

/** Prepared statements by SQL text, per connection: preparing costs more than running. */
const statementCaches = new WeakMap<Database.Database, Map<string, Database.Statement>>();

function statement(db: Database.Database, sql: string, bigints = true): Database.Statement {
  let cache = statementCaches.get(db);
  if (!cache) statementCaches.set(db, (cache = new Map()));
  const key = bigints ? sql : `numbers:${sql}`;
  let prepared = cache.get(key);
  if (!prepared) cache.set(key, (prepared = db.prepare(sql).safeIntegers(bigints)));
  return prepared;
}

/**
 * Reads of a table with a `bigint` column get every integer as a BigInt (exact beyond 2^53) and
 * convert each row; others get numbers (`integer` columns hold safe integers), text and Buffers
 * as the columns' types say already, so their rows are returned as read: no BigInt per integer
 * nor a copy per row, a large part of a range's time.
 */
const hasBigints = (table: TableSpec): boolean => Object.values(table.columns).includes('bigint');

const bindable = (value: Value): unknown => value;

/** Rows per INSERT statement, at most. */
const ROWS_PER_INSERT = 64;

export function readOps(db: Database.Database, naming: Naming): ReadModelReader {
  return {
    async get(table, key) {
      const columns = keyPrefix(table, key);
      if (columns.length !== table.primaryKey.length) {
        throw new Error(`read model ${table.name}: get needs the whole primary key`);
      }
      const sql = `SELECT ${columnsOf(table).join(', ')} FROM ${naming(table)} WHERE ${columns
        .map((c) => `${c} = ?`)
        .join(' AND ')}`;
      const raw = statement(db, sql, hasBigints(table)).get(...columns.map((c) => bindable(key[c] as Value)));
      return raw === undefined ? undefined : rowFromDatabase(table, raw as Record<string, unknown>);
    },
    async range(table, query: RangeQuery) {
      const plan = rangePlan(table, query);
      const conditions = [
        ...plan.equal.map((c) => `${c} = ?`),
        ...plan.bounds.map((b) => `${b.column} ${b.op} ?`),
        ...(plan.anyOf.length > 0 ? [`(${plan.anyOf.map((c) => `${c} = ?`).join(' OR ')})`] : []),
      ];
      const sql =
        `SELECT ${columnsOf(table).join(', ')} FROM ${naming(table)}` +
        (conditions.length > 0 ? ` WHERE ${conditions.join(' AND ')}` : '') +
        ` ORDER BY ${table.primaryKey.join(', ')} LIMIT ?`;
      const parameters = [
        ...plan.equal.map((c) => bindable(query.where[c] as Value)),
        ...plan.bounds.map((b) => bindable(b.value)),
        ...plan.anyOf.map((c) => bindable(query.anyOf?.[c] as Value)),
        query.limit ?? -1,
      ];
      const bigints = hasBigints(table);
      const rows = statement(db, sql, bigints).all(...parameters) as Record<string, unknown>[];
      return bigints ? rows.map((raw) => rowFromDatabase(table, raw)) : (rows as Row[]);
    },
  };
}

export function writeOps(db: Database.Database, naming: Naming): ReadModelTx {
  // Rows go in several at a time (one statement per group of up to ROWS_PER_INSERT, at most 999
  // parameters): a call into SQLite per row costs more than the row. Within a statement rows are
  // inserted in order, so a key repeated in one call ends as it would row by row.
  const insert = (table: TableSpec, rows: readonly Row[], conflict: string): number => {
    const columns = columnsOf(table);
    const perStatement = Math.max(1, Math.min(ROWS_PER_INSERT, Math.floor(999 / columns.length)));
    const tuple = `(${columns.map(() => '?').join(', ')})`;
    const sqlFor = (n: number) =>
      `INSERT INTO ${naming(table)} (${columns.join(', ')}) VALUES ${Array(n).fill(tuple).join(', ')} ${conflict}`;
    let inserted = 0;
    for (let first = 0; first < rows.length; first += perStatement) {
      const group = rows.slice(first, first + perStatement);
      const parameters: unknown[] = [];
      for (const row of group) for (const c of columns) parameters.push(bindable(row[c] as Value));
      inserted += statement(db, sqlFor(group.length)).run(...parameters).changes;
    }
    return inserted;
  };
  const reader = readOps(db, naming);
  // SQLite answers in-process: one prepared statement run per key costs no round trip.
  const getMany = async (table: TableSpec, keys: readonly Row[]) => {
    const rows: (Row | undefined)[] = [];
    for (const key of keys) rows.push(await reader.get(table, key));
    return rows;
  };
  return {
    ...{},
    ...reader,
    getMany,
    async getManyOfTables(requests) {
      const answers: (Row | undefined)[][] = [];
      for (const { table, keys } of requests) answers.push(await getMany(table, keys));
      return answers;
    },
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
