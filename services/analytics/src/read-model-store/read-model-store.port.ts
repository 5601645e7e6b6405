/**
 * The read-model store port: tables of rows keyed by their primary key, written in transactions.
 * Projections express their updates through it, so the same projection code runs on SQLite
 * (embedded mode) and PostgreSQL (distributed mode); each adapter keeps its SQL dialect to itself.
 */

/** Injection token for the {@link ReadModelStore} port. */
export const READ_MODEL_STORE = Symbol('READ_MODEL_STORE');

/**
 * Column types: `text` (string, ordered bytewise by both adapters), `integer` (a safe integer as a
 * number), `bigint` (a 64-bit integer as a bigint, e.g. a store position) and `bytes` (a Buffer).
 */
export type ColumnType = 'text' | 'integer' | 'bigint' | 'bytes';

/** A table: lower-case identifiers; every column is NOT NULL. */
export interface TableSpec {
  readonly name: string;
  readonly columns: Readonly<Record<string, ColumnType>>;
  /** Rows are kept and scanned in this order. */
  readonly primaryKey: readonly string[];
}

export type Value = string | number | bigint | Buffer;
export type Row = Readonly<Record<string, Value>>;

/**
 * Rows whose leading primary-key columns equal `where`, optionally bounded on the next
 * primary-key column, in primary-key order.
 */
export interface RangeQuery {
  readonly where: Row;
  /** Exclusive lower bound of the next key column. */
  readonly after?: Value;
  /** Inclusive lower bound of the next key column. */
  readonly from?: Value;
  /** Inclusive upper bound of the next key column. */
  readonly until?: Value;
  /**
   * Only rows where at least one of these columns (any columns) equals its value: the database
   * skips the others, so a filter off the key costs no row object per row skipped.
   */
  readonly anyOf?: Row;
  readonly limit?: number;
}

/** Reads of committed rows. */
export interface ReadModelReader {
  /** The row with this whole primary key. */
  get(table: TableSpec, key: Row): Promise<Row | undefined>;
  range(table: TableSpec, query: RangeQuery): Promise<Row[]>;
}

/** Whole primary keys of one table, for {@link ReadModelTx.getManyOfTables}. */
export interface TableKeys {
  readonly table: TableSpec;
  readonly keys: readonly Row[];
}

/** One transaction: reads see its own writes. */
export interface ReadModelTx extends ReadModelReader {
  /**
   * The rows with these whole primary keys, one answer per key in the order given (`undefined`
   * where there is none; a key given twice is answered twice), as `get` would answer each, this
   * transaction's own writes included. PostgreSQL asks for them in one statement (unnest of key arrays); a
   * projection that needs many rows of a batch waits for one round trip, not one per row.
   */
  getMany(table: TableSpec, keys: readonly Row[]): Promise<(Row | undefined)[]>;
  /**
   * `getMany` of several tables at once: one answer list per request, in the order given, each as
   * `getMany` would answer it. PostgreSQL asks for all of them in one statement: a projection
   * that merges rows of some thirty summary tables waits for one round trip, not thirty.
   */
  getManyOfTables(requests: readonly TableKeys[]): Promise<(Row | undefined)[][]>;
  /** Inserts rows whose key is new, leaves existing ones alone; returns how many were inserted. */
  insertNew(table: TableSpec, rows: readonly Row[]): Promise<number>;
  /** Inserts rows, replacing any with the same key. */
  put(table: TableSpec, rows: readonly Row[]): Promise<void>;
  /** Deletes the rows whose leading primary-key columns equal `where`. */
  delete(table: TableSpec, where: Row): Promise<void>;
}

/**
 * A rebuild in progress: `write` fills empty shadow copies of the rebuilt tables while the live
 * ones keep answering; `swap` replaces them in one transaction. Other tables (checkpoints) are
 * the live ones in both.
 */
export interface Rebuild {
  write<T>(work: (tx: ReadModelTx) => Promise<T>): Promise<T>;
  /** Runs `work` (a last catch-up), then puts the shadow tables in place of the live ones, atomically. */
  swap<T>(work: (tx: ReadModelTx) => Promise<T>): Promise<T>;
  /** Drops the shadow tables. */
  abandon(): Promise<void>;
}

export interface ReadModelStore extends ReadModelReader {
  /** Creates the tables that do not exist yet; returns the names of those it created. */
  ensureTables(tables: readonly TableSpec[]): Promise<readonly string[]>;
  /**
   * Runs `work` in one transaction: commits when it resolves, rolls back when it rejects. Write
   * transactions of one lane run one at a time, across processes too, and never beside one
   * without a lane (schema changes, rebuild swaps); transactions of different lanes may run at
   * the same time (PostgreSQL; SQLite has one writer). A projection writes in its own lane: its
   * read-modify-writes touch only its own tables.
   */
  write<T>(work: (tx: ReadModelTx) => Promise<T>, lane?: string): Promise<T>;
  /** Starts rebuilding `tables` into shadow copies (left-over copies of an earlier attempt are dropped). */
  startRebuild(tables: readonly TableSpec[]): Promise<Rebuild>;
  close(): Promise<void>;
}
