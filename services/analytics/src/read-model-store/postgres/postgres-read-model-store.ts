import { namedStatement, postgresSslFromEnv } from '@baton/eventstore';
import { Pool, type PoolClient } from 'pg';
import type { ColumnType, ReadModelStore, ReadModelTx, Rebuild, TableSpec } from '../read-model-store.port';
import { oneAtATime } from '../shared/one-at-a-time';
import { readOps, writeOps, type Naming, type Query } from './postgres-table-ops';
import { checkShape, checkTable, tableName } from '../shared/table-shape';

/** Options of {@link openPostgresReadModelStore}. */
export interface PostgresReadModelStoreOptions {
  readonly connectionString: string;
  /** Schema of the tables (created when missing); a lower-case identifier. */
  readonly schema: string;
  /** Pooled connections. Default 6: a writer per projection lane, and queries beside them. */
  readonly maxConnections?: number;
}

// Text keys sort bytewise ("C"), as SQLite's do: both adapters answer range queries in one order.
const SQL_TYPES: Record<ColumnType, string> = {
  text: 'text COLLATE "C"',
  integer: 'bigint',
  bigint: 'bigint',
  bytes: 'bytea',
};

/** A string as an SQL literal (standard_conforming_strings: only quotes are doubled). */
const literal = (text: string): string => `'${text.replace(/'/g, "''")}'`;

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
  const ssl = postgresSslFromEnv();
  const pool = new Pool({
    connectionString: options.connectionString,
    max: options.maxConnections ?? 6,
    ...(ssl === undefined ? {} : { ssl }),
  });
  await pool.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`).catch((error: unknown) => {
    // Processes starting together may race to create it.
    if ((error as { code?: string }).code !== '23505') throw error;
  });
  const qualified =
    (shadowed: ReadonlySet<string>): Naming =>
    (table) =>
      `${schema}.${tableName(table, shadowed.has(table.name))}`;
  const live = qualified(new Set());
  // One queue per lane in this process; the advisory locks order lanes across processes.
  const queues = new Map<string, ReturnType<typeof oneAtATime>>();
  const queueOf = (lane: string) => {
    let queue = queues.get(lane);
    if (!queue) queues.set(lane, (queue = oneAtATime()));
    return queue;
  };
  const schemaLock = `baton-read-models:${schema}`;
  // Named statements: parsed and planned once per connection (see namedStatement).
  const poolQuery: Query = async (sql, parameters, rowsInArrays) =>
    pool.query(namedStatement(sql, parameters, rowsInArrays));

  const transaction = <T>(
    naming: Naming,
    work: (tx: ReadModelTx) => Promise<T>,
    after?: (client: PoolClient) => Promise<void>,
    lane?: string,
  ) =>
    queueOf(lane ?? '')(async () => {
      const client = await pool.connect();
      try {
        // A lane shares the schema's lock and holds its own; a write without one holds the schema's.
        // Always the schema's first: locks taken in one order cannot deadlock. Sent with BEGIN as
        // one simple query (no parameters): one round trip, not three, before every batch.
        await client.query(
          lane === undefined
            ? `BEGIN; SELECT pg_advisory_xact_lock(hashtext(${literal(schemaLock)}))`
            : `BEGIN; SELECT pg_advisory_xact_lock_shared(hashtext(${literal(schemaLock)}));` +
                ` SELECT pg_advisory_xact_lock(hashtext(${literal(`${schemaLock}:${lane}`)}))`,
        );
        const tx = writeOps(
          async (sql, parameters, rowsInArrays) =>
            client.query(namedStatement(sql, parameters, rowsInArrays)),
          naming,
        );
        const result = await work(tx);
        await tx.flush();
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
    ...{},
    ...readOps(poolQuery, live),
    async ensureTables(tables) {
      tables.forEach(checkTable);
      const created: string[] = [];
      await transaction(
        live,
        async () => undefined,
        async (client) => {
          for (const table of tables) {
            const found = await client.query<{ column_name: string }>(
              'SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2',
              [schema, tableName(table)],
            );
            checkShape(
              table,
              found.rows.map((r) => r.column_name),
            );
            if (found.rows.length === 0) created.push(table.name);
            await client.query(createTable(table, false));
          }
        },
      );
      return created;
    },
    write: (work, lane) => transaction(live, work, undefined, lane),
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
      await Promise.all([...queues.values()].map((queue) => queue(async () => undefined)));
      await pool.end();
    },
  };
}
