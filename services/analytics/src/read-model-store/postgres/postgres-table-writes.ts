import type { ColumnType, Row, TableSpec } from '../read-model-store.port';
import { columnsOf, fromDatabase, keyPrefix, keyText, lastPerKey } from '../shared/table-shape';
import { arrayParameter, keyMatch } from './postgres-key-reads';
import type { Naming, Query } from './postgres-table-ops';

/** An insert's conflict clause that replaces the row held under the same key with the new one. */
export function onConflictReplace(table: TableSpec): string {
  const updates = columnsOf(table)
    .filter((c) => !table.primaryKey.includes(c))
    .map((c) => `${c} = EXCLUDED.${c}`);
  return updates.length > 0
    ? `ON CONFLICT (${table.primaryKey.join(', ')}) DO UPDATE SET ${updates.join(', ')}`
    : 'ON CONFLICT DO NOTHING';
}

/** A table's held-back writes that may go in any order: its deletes touch none of its puts. */
export interface TableWrites {
  readonly table: TableSpec;
  readonly puts: readonly Row[];
  /** Leading primary-key columns, each delete any length. */
  readonly deletes: readonly Row[];
}

/** Deletes grouped by how many leading key columns they give. */
function byPrefixLength(table: TableSpec, deletes: readonly Row[]): Map<number, Row[]> {
  const groups = new Map<number, Row[]>();
  for (const where of deletes) {
    const length = keyPrefix(table, where).length;
    const group = groups.get(length);
    if (group) group.push(where);
    else groups.set(length, [where]);
  }
  return groups;
}

/** The first `length` key columns of a row as text, each value taken as its column's type. */
const prefixText = (table: TableSpec, row: Row, length: number): string =>
  table.primaryKey
    .slice(0, length)
    .map((c) => keyText(fromDatabase(table.columns[c] as ColumnType, row[c])))
    .join('\u0000');

/**
 * Whether no delete matches a put's key: then the deletes and the puts give the same table in
 * either order, and one statement may hold them all.
 */
export function deletesMissPuts(table: TableSpec, puts: Iterable<Row>, deletes: readonly Row[]): boolean {
  if (deletes.length === 0) return true;
  const prefixes = new Map(
    [...byPrefixLength(table, deletes)].map(([length, wheres]) => [
      length,
      new Set(wheres.map((where) => prefixText(table, where, length))),
    ]),
  );
  for (const row of puts)
    for (const [length, texts] of prefixes) if (texts.has(prefixText(table, row, length))) return false;
  return true;
}

/**
 * Writes into several tables in one statement, a data-modifying WITH per table and per delete
 * prefix length, keys and columns passed as arrays (so the text depends on the tables, not on
 * the number of rows): one round trip for every table a batch wrote, not one per table and kind.
 * Each table's deletes must miss its puts ({@link deletesMissPuts}): the parts of one statement
 * all see the table as it was before it.
 */
export async function writeTables(
  query: Query,
  naming: Naming,
  writes: readonly TableWrites[],
): Promise<void> {
  const parameters: unknown[] = [];
  const parts = writes.flatMap(({ table, puts, deletes }, i) => {
    const deleting = [...byPrefixLength(table, deletes)].map(([length, wheres]) => {
      const key = table.primaryKey.slice(0, length);
      if (length === 0) return `d${i}_0 AS (DELETE FROM ${naming(table)})`;
      const arrays = key.map((c) => arrayParameter(parameters, table, c, wheres));
      return `d${i}_${length} AS (DELETE FROM ${naming(table)} t USING unnest(${arrays.join(', ')}) AS k(${key.join(', ')}) WHERE ${keyMatch(table, key)})`;
    });
    if (puts.length === 0) return deleting;
    // One statement cannot update a row twice: the last write of a key wins, as in order.
    const latest = lastPerKey(table, puts);
    const columns = columnsOf(table);
    const arrays = columns.map((c) => arrayParameter(parameters, table, c, latest));
    return [
      ...deleting,
      `w${i} AS (INSERT INTO ${naming(table)} (${columns.join(', ')}) SELECT * FROM unnest(${arrays.join(', ')}) ${onConflictReplace(table)})`,
    ];
  });
  if (parts.length > 0) await query(`WITH ${parts.join(', ')} SELECT 1`, parameters, true);
}
