import type { ColumnType, Row, TableKeys, TableSpec, Value } from '../read-model-store.port';
import { columnsOf, rowFromDatabase } from '../shared/table-shape';
import type { Naming, Query } from './postgres-table-ops';

/** Array types of key columns, for lookups of many keys by `unnest`. */
const ARRAY_TYPES: Record<ColumnType, string> = {
  text: 'text[]',
  integer: 'bigint[]',
  bigint: 'bigint[]',
  bytes: 'bytea[]',
};

/** A value as an element of an array parameter (node-postgres writes no bigint inside arrays). */
const arrayElement = (value: Value | undefined) => (typeof value === 'bigint' ? String(value) : value);

/**
 * A column of these rows as one array parameter, added to `parameters`: its placeholder, cast to
 * the column's array type.
 */
export const arrayParameter = (
  parameters: unknown[],
  table: TableSpec,
  column: string,
  rows: readonly Row[],
): string =>
  `$${parameters.push(rows.map((row) => arrayElement(row[column])))}::${ARRAY_TYPES[table.columns[column] as ColumnType]}`;

/** The condition joining the table (`t`) to unnested keys (`k`) on these key columns ("C" collation for text). */
export const keyMatch = (table: TableSpec, key: readonly string[]): string =>
  key.map((c) => `t.${c} = k.${c}${table.columns[c] === 'text' ? ' COLLATE "C"' : ''}`).join(' AND ');

// Not a column name: those start with a letter (checkTable).
const ORDINAL = '_ordinal';

/**
 * The rows of one table under the lookup's keys, each with its key's place in the list (1-based):
 * one array per key column joined to the table, so one statement and one plan whatever the number
 * of keys (text compared as the columns' "C" collation).
 */
function lookupSql(lookup: TableKeys, naming: Naming, parameters: unknown[], selected: string): string {
  const { table, keys } = lookup;
  const key = table.primaryKey;
  const arrays = key.map((c) => arrayParameter(parameters, table, c, keys));
  return (
    `SELECT ${selected}, k.${ORDINAL} FROM ${naming(table)} t` +
    ` JOIN unnest(${arrays.join(', ')}) WITH ORDINALITY AS k(${key.join(', ')}, ${ORDINAL})` +
    ` ON ${keyMatch(table, key)}`
  );
}

/**
 * A row of any table as one JSON array, its columns in declared order: bigints as text (JSON
 * numbers would round them beyond 2^53), bytes as hex.
 */
const asJson = (table: TableSpec): string =>
  `json_build_array(${columnsOf(table)
    .map((c) => {
      const type = table.columns[c] as ColumnType;
      return type === 'bigint' ? `t.${c}::text` : type === 'bytes' ? `encode(t.${c}, 'hex')` : `t.${c}`;
    })
    .join(', ')})`;

function rowFromJson(table: TableSpec, values: readonly unknown[]): Row {
  const row: Record<string, Value> = {};
  columnsOf(table).forEach((c, i) => {
    const value = values[i];
    switch (table.columns[c] as ColumnType) {
      case 'text':
        row[c] = value as string;
        break;
      case 'integer':
        row[c] = value as number;
        break;
      case 'bigint':
        row[c] = BigInt(value as string);
        break;
      case 'bytes':
        row[c] = Buffer.from(value as string, 'hex');
        break;
    }
  });
  return row;
}

/**
 * The rows of several tables under their keys, in one statement: per lookup, one answer per key
 * in the order given (`undefined` where there is none). One table's are read as its columns;
 * several tables' as a UNION ALL of their lookups, each row as JSON (the tables' columns differ),
 * with the lookup's index and the key's place. Its text depends on the tables only, not on the
 * number of keys, so it is prepared once per connection.
 */
export async function readKeys(
  query: Query,
  naming: Naming,
  /** Each key given once. */
  lookups: readonly TableKeys[],
): Promise<(Row | undefined)[][]> {
  const answers = lookups.map(({ keys }) => new Array<Row | undefined>(keys.length).fill(undefined));
  const asked = lookups.flatMap((lookup, index) => (lookup.keys.length > 0 ? [{ lookup, index }] : []));
  const only = asked.length === 1 ? asked[0] : undefined;
  const parameters: unknown[] = [];
  if (only) {
    const { table } = only.lookup;
    const selected = columnsOf(table)
      .map((c) => `t.${c}`)
      .join(', ');
    const { rows } = await query(lookupSql(only.lookup, naming, parameters, selected), parameters, true);
    const answer = answers[only.index] as (Row | undefined)[];
    for (const raw of rows as Record<string, unknown>[])
      answer[Number(raw[ORDINAL]) - 1] = rowFromDatabase(table, raw);
  } else if (asked.length > 1) {
    const sql = asked
      .map(
        ({ lookup, index }) =>
          `(${lookupSql(lookup, naming, parameters, `${index} AS lookup, ${asJson(lookup.table)} AS row`)})`,
      )
      .join(' UNION ALL ');
    const { rows } = await query(sql, parameters, true);
    for (const raw of rows as { lookup: number; row: unknown[]; [ORDINAL]: string }[]) {
      const table = (lookups[raw.lookup] as TableKeys).table;
      (answers[raw.lookup] as (Row | undefined)[])[Number(raw[ORDINAL]) - 1] = rowFromJson(table, raw.row);
    }
  }
  return answers;
}
