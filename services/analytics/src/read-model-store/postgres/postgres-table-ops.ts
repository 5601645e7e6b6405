import type {
  RangeQuery,
  ReadModelReader,
  ReadModelTx,
  Row,
  TableSpec,
  Value,
} from '../read-model-store.port';
import { columnsOf, keyPrefix, lastPerKey, rangePlan, rowFromDatabase } from '../shared/table-shape';

/** Names a table in SQL: live, or its shadow copy for the tables of a rebuild. */
export type Naming = (table: TableSpec) => string;
/** Runs one statement (on the pool, or on a transaction's client). */
export type Query = (
  sql: string,
  parameters: unknown[],
) => Promise<{ rows: unknown[]; rowCount: number | null }>;

/** Bind parameters per statement stay well below PostgreSQL's 65,535. */
const MAX_PARAMETERS = 30_000;

export function readOps(query: Query, naming: Naming): ReadModelReader {
  return {
    async get(table, key) {
      const columns = keyPrefix(table, key);
      if (columns.length !== table.primaryKey.length) {
        throw new Error(`read model ${table.name}: get needs the whole primary key`);
      }
      const { rows } = await query(
        `SELECT ${columnsOf(table).join(', ')} FROM ${naming(table)} WHERE ${columns
          .map((c, i) => `${c} = $${i + 1}`)
          .join(' AND ')}`,
        columns.map((c) => key[c]),
      );
      const raw = rows[0];
      return raw === undefined ? undefined : rowFromDatabase(table, raw as Record<string, unknown>);
    },
    async range(table, q: RangeQuery) {
      const plan = rangePlan(table, q);
      const parameters: unknown[] = [];
      const conditions = [
        ...plan.equal.map((c) => `${c} = $${parameters.push(q.where[c])}`),
        ...plan.bounds.map((b) => `${b.column} ${b.op} $${parameters.push(b.value)}`),
      ];
      const { rows } = await query(
        `SELECT ${columnsOf(table).join(', ')} FROM ${naming(table)}` +
          (conditions.length > 0 ? ` WHERE ${conditions.join(' AND ')}` : '') +
          ` ORDER BY ${table.primaryKey.join(', ')}` +
          (q.limit !== undefined ? ` LIMIT $${parameters.push(q.limit)}` : ''),
        parameters,
      );
      return rows.map((raw) => rowFromDatabase(table, raw as Record<string, unknown>));
    },
  };
}

export function writeOps(query: Query, naming: Naming): ReadModelTx {
  /** Multi-row inserts, as many rows per statement as the parameter limit allows. */
  const insert = async (table: TableSpec, rows: readonly Row[], conflict: string): Promise<number> => {
    const columns = columnsOf(table);
    const perStatement = Math.max(1, Math.floor(MAX_PARAMETERS / columns.length));
    let inserted = 0;
    for (let at = 0; at < rows.length; at += perStatement) {
      const chunk = rows.slice(at, at + perStatement);
      const parameters: Value[] = [];
      const values = chunk.map(
        (row) => `(${columns.map((c) => `$${parameters.push(row[c] as Value)}`).join(', ')})`,
      );
      const result = await query(
        `INSERT INTO ${naming(table)} (${columns.join(', ')}) VALUES ${values.join(', ')} ${conflict}`,
        parameters,
      );
      inserted += result.rowCount ?? 0;
    }
    return inserted;
  };
  return {
    ...readOps(query, naming),
    insertNew: (table, rows) => insert(table, rows, 'ON CONFLICT DO NOTHING'),
    async put(table, rows) {
      const updates = columnsOf(table)
        .filter((c) => !table.primaryKey.includes(c))
        .map((c) => `${c} = EXCLUDED.${c}`);
      await insert(
        table,
        lastPerKey(table, rows),
        updates.length > 0
          ? `ON CONFLICT (${table.primaryKey.join(', ')}) DO UPDATE SET ${updates.join(', ')}`
          : 'ON CONFLICT DO NOTHING',
      );
    },
    async delete(table, where) {
      const columns = keyPrefix(table, where);
      await query(
        `DELETE FROM ${naming(table)}` +
          (columns.length > 0 ? ` WHERE ${columns.map((c, i) => `${c} = $${i + 1}`).join(' AND ')}` : ''),
        columns.map((c) => where[c]),
      );
    },
  };
}
