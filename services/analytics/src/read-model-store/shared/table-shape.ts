import type { ColumnType, RangeQuery, Row, TableSpec, Value } from '../read-model-store.port';

const IDENTIFIER = /^[a-z][a-z0-9_]{0,40}$/;

/** Every table of a read-model store carries this prefix (the PostgreSQL schema may hold others). */
const TABLE_PREFIX = 'rm_';
const SHADOW_SUFFIX = '__rebuild';

/** Table and column names are interpolated into SQL, so only plain lower-case identifiers pass. */
export function checkTable(table: TableSpec): void {
  const names = [table.name, ...Object.keys(table.columns)];
  const bad = names.find((name) => !IDENTIFIER.test(name));
  if (bad !== undefined) throw new Error(`read model ${table.name}: "${bad}" is not a lower-case identifier`);
  const unknown = table.primaryKey.find((column) => !(column in table.columns));
  if (unknown !== undefined || table.primaryKey.length === 0) {
    throw new Error(`read model ${table.name}: its primary key must name its own columns`);
  }
}

/** The table's name in the database: live, or its shadow copy during a rebuild. */
export const tableName = (table: TableSpec, shadow = false): string =>
  `${TABLE_PREFIX}${table.name}${shadow ? SHADOW_SUFFIX : ''}`;

export const columnsOf = (table: TableSpec): string[] => Object.keys(table.columns);

/** A range query as key columns to compare: equal ones, then the bounds of the next one. */
export interface RangePlan {
  readonly equal: readonly string[];
  readonly bounds: readonly {
    readonly column: string;
    readonly op: '>' | '>=' | '<=';
    readonly value: Value;
  }[];
  /** Columns of which one at least must equal the query's `anyOf` value. */
  readonly anyOf: readonly string[];
}

/** Checks that `where` is a leading part of the primary key and names the bounded column. */
export function rangePlan(table: TableSpec, query: RangeQuery): RangePlan {
  const equal = keyPrefix(table, query.where);
  const next = table.primaryKey[equal.length];
  const wanted = [
    ['>', query.after],
    ['>=', query.from],
    ['<=', query.until],
  ] as const;
  const bounds = wanted.flatMap(([op, value]) => (value === undefined ? [] : [{ op, value }]));
  if (bounds.length > 0 && next === undefined) {
    throw new Error(`read model ${table.name}: a bound needs a key column after the equal ones`);
  }
  const anyOf = Object.keys(query.anyOf ?? {});
  const unknown = anyOf.find((column) => !(column in table.columns) || query.anyOf?.[column] === undefined);
  if (unknown !== undefined) throw new Error(`read model ${table.name}: no column "${unknown}" to filter on`);
  return { equal, bounds: bounds.map((b) => ({ ...{}, ...b, column: next as string })), anyOf };
}

/** The columns of `where`, which must be the first primary-key columns, in key order. */
export function keyPrefix(table: TableSpec, where: Row): string[] {
  const columns = table.primaryKey.slice(0, Object.keys(where).length);
  if (columns.some((column) => where[column] === undefined)) {
    throw new Error(`read model ${table.name}: filter on the leading primary-key columns, in order`);
  }
  return columns;
}

/** A value as read from a driver, as the column's type says it must be. */
export function fromDatabase(type: ColumnType, value: unknown): Value {
  switch (type) {
    case 'text':
      return String(value);
    case 'integer':
      return Number(value);
    case 'bigint':
      return BigInt(value as string | number | bigint);
    case 'bytes':
      return Buffer.isBuffer(value) ? value : Buffer.from(value as Uint8Array);
  }
}

/** A row read from a driver, each column converted to its type. */
export function rowFromDatabase(table: TableSpec, raw: Record<string, unknown>): Row {
  const row: Record<string, Value> = {};
  for (const [column, type] of Object.entries(table.columns)) row[column] = fromDatabase(type, raw[column]);
  return row;
}

/** The last row per primary key, in first-seen order: one statement may not touch a key twice. */
export function lastPerKey(table: TableSpec, rows: readonly Row[]): Row[] {
  const byKey = new Map<string, Row>();
  for (const row of rows)
    byKey.set(table.primaryKey.map((column) => keyText(row[column])).join('\u0000'), row);
  return [...byKey.values()];
}

/**
 * A row's whole primary key as text, each value first taken as its column's type says (a number
 * given for a `bigint` column matches the bigint read back), for maps keyed by primary key.
 */
export const primaryKeyText = (table: TableSpec, row: Row): string =>
  table.primaryKey
    .map((column) => keyText(fromDatabase(table.columns[column] as ColumnType, row[column])))
    .join('\u0000');

/** A key column's value as text, for maps keyed by primary key. */
export const keyText = (value: Value | undefined): string =>
  Buffer.isBuffer(value) ? value.toString('hex') : `${typeof value}:${String(value)}`;

/** A read model this version cannot keep up to date as it is: it waits for `baton analytics rebuild`. */
export class ReadModelRebuildNeeded extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReadModelRebuildNeeded';
  }
}

/** A live table whose columns are not the ones this version declares: its read model needs a rebuild. */
export class ReadModelShapeError extends ReadModelRebuildNeeded {
  constructor(table: TableSpec, found: readonly string[]) {
    super(
      `read model ${tableName(table)} has columns (${[...found].sort().join(', ')}) where this version ` +
        `keeps (${columnsOf(table).sort().join(', ')}): rebuild it with \`baton analytics rebuild\``,
    );
    this.name = 'ReadModelShapeError';
  }
}

/** Throws ReadModelShapeError unless an existing table (`found` non-empty) has the declared columns. */
export function checkShape(table: TableSpec, found: readonly string[]): void {
  const wanted = columnsOf(table);
  if (found.length === 0) return;
  if (found.length !== wanted.length || !wanted.every((column) => found.includes(column)))
    throw new ReadModelShapeError(table, found);
}
