import { Pool, type PoolClient } from 'pg';
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
  lastPerKey,
  rangePlan,
  rowFromDatabase,
  tableName,
} from '../shared/table-shape';

/** Options of {@link openPostgresReadModelStore}. */
export interface PostgresReadModelStoreOptions {
  readonly connectionString: string;
  /** Schema of the tables (created when missing); a lower-case identifier. */
  readonly schema: string;
  /** Pooled connections. Default 4. */
  readonly maxConnections?: number;
}

// Text keys sort bytewise ("C"), as SQLite's do: both adapters answer range queries in one order.
const SQL_TYPES: Record<ColumnType, string> = {
  text: 'text COLLATE "C"',
  integer: 'bigint',
  bigint: 'bigint',
  bytes: 'bytea',
};

/** Bind parameters per statement stay well below PostgreSQL's 65,535. */
const MAX_PARAMETERS = 30_000;

type Naming = (table: TableSpec) => string;
type Query = (sql: string, parameters: unknown[]) => Promise<{ rows: unknown[]; rowCount: number | null }>;

/**
 * The distributed read-model store: tables in their own schema on PostgreSQL. Write transactions
 * hold a transaction-scoped advisory lock on the schema, so writers (live batches of every
 * analytics process, a rebuild's swap) take turns and a read-modify-write never loses an update.
 */
export async function openPostgresReadModelStore(
  options: PostgresReadModelStoreOptions,
): Promise<ReadModelStore> {
  const { schema } = options;
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    throw new Error(`invalid schema name "${schema}": use lower-case letters, digits and _ (max 63)`);
  }
  const pool = new Pool({ connectionString: options.connectionString, max: options.maxConnections ?? 4 });
  await pool.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`).catch((error: unknown) => {
    // Processes starting together may race to create it.
    if ((error as { code?: string }).code !== '23505') throw error;
  });
  const qualified =
    (shadowed: ReadonlySet<string>): Naming =>
    (table) =>
      `${schema}.${tableName(table, shadowed.has(table.name))}`;
  const live = qualified(new Set());
  const serially = oneAtATime();
  const poolQuery: Query = async (sql, parameters) => pool.query(sql, parameters);

  const transaction = <T>(
    naming: Naming,
    work: (tx: ReadModelTx) => Promise<T>,
    after?: (client: PoolClient) => Promise<void>,
  ) =>
    serially(async () => {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`baton-read-models:${schema}`]);
        const result = await work(writeOps(async (sql, parameters) => client.query(sql, parameters), naming));
        await after?.(client);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    });

  const createTable = (table: TableSpec, shadow: boolean): string => {
    const name = tableName(table, shadow);
    return `CREATE TABLE IF NOT EXISTS ${schema}.${name} (${Object.entries(table.columns)
      .map(([column, type]) => `${column} ${SQL_TYPES[type]} NOT NULL`)
      .join(', ')}, CONSTRAINT ${name}_pkey PRIMARY KEY (${table.primaryKey.join(', ')}))`;
  };

  return {
    ...readOps(poolQuery, live),
    async ensureTables(tables) {
      tables.forEach(checkTable);
      await transaction(
        live,
        async () => undefined,
        async (client) => {
          for (const table of tables) await client.query(createTable(table, false));
        },
      );
    },
    write: (work) => transaction(live, work),
    async startRebuild(tables): Promise<Rebuild> {
      tables.forEach(checkTable);
      const naming = qualified(new Set(tables.map((t) => t.name)));
      const dropShadows = async (client: PoolClient) => {
        for (const table of tables)
          await client.query(`DROP TABLE IF EXISTS ${schema}.${tableName(table, true)}`);
      };
      await transaction(
        live,
        async () => undefined,
        async (client) => {
          await dropShadows(client);
          for (const table of tables) await client.query(createTable(table, true));
        },
      );
      return {
        write: (work) => transaction(naming, work),
        swap: (work) =>
          transaction(naming, work, async (client) => {
            for (const table of tables) {
              const [name, shadow] = [tableName(table), tableName(table, true)];
              await client.query(`DROP TABLE IF EXISTS ${schema}.${name}`);
              await client.query(`ALTER TABLE ${schema}.${shadow} RENAME TO ${name}`);
              // The next rebuild names its shadow's key constraint after the shadow again.
              await client.query(
                `ALTER TABLE ${schema}.${name} RENAME CONSTRAINT ${shadow}_pkey TO ${name}_pkey`,
              );
            }
          }),
        abandon: () => transaction(live, async () => undefined, dropShadows),
      };
    },
    async close() {
      await serially(() => pool.end());
    },
  };
}

function readOps(query: Query, naming: Naming): ReadModelReader {
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

function writeOps(query: Query, naming: Naming): ReadModelTx {
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
