import type {
  RangeQuery,
  ReadModelReader,
  ReadModelTx,
  Row,
  TableKeys,
  TableSpec,
  Value,
} from '../read-model-store.port';
import {
  columnsOf,
  keyPrefix,
  keyText,
  lastPerKey,
  primaryKeyText,
  rangePlan,
  rowFromDatabase,
} from '../shared/table-shape';
import { readKeys } from './postgres-key-reads';
import { deletesMissPuts, onConflictReplace, writeTables } from './postgres-table-writes';

/** Names a table in SQL: live, or its shadow copy for the tables of a rebuild. */
export type Naming = (table: TableSpec) => string;
/** Runs one statement (on the pool, or on a transaction's client). */
export type Query = (
  sql: string,
  parameters: unknown[],
  /** The text does not grow with the rows (they are passed as arrays): it may always be prepared. */
  rowsInArrays?: boolean,
) => Promise<{ rows: unknown[]; rowCount: number | null }>;

/** Bind parameters per statement stay well below PostgreSQL's 65,535. */
const MAX_PARAMETERS = 30_000;

/** Tables upserted by one statement at most (a batch touches a few dozen). */
const MAX_TABLES_PER_STATEMENT = 64;

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
        ...(plan.anyOf.length > 0
          ? [`(${plan.anyOf.map((c) => `${c} = $${parameters.push(q.anyOf?.[c])}`).join(' OR ')})`]
          : []),
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

/** A transaction's writes not sent yet, in order, per table. */
type Pending =
  { readonly kind: 'put'; readonly rows: readonly Row[] } | { readonly kind: 'delete'; readonly where: Row };

const sameValue = (a: Value | undefined, b: Value | undefined): boolean =>
  Buffer.isBuffer(a) && Buffer.isBuffer(b) ? a.equals(b) : a === b;

/**
 * A transaction's writes. `put` and `delete` are held back and sent together, as few multi-row
 * statements as their order allows, before anything that could see them: a `range` or an
 * `insertNew` on the same table, and {@link flush} (the store calls it before committing). A
 * `get` answers from the held-back writes when one of them decides its key. A projection that
 * reads, then writes, instance after instance, so waits for one round trip per read instead of
 * one per statement.
 */
export function writeOps(query: Query, naming: Naming): ReadModelTx & { flush(): Promise<void> } {
  const reader = readOps(query, naming);
  /**
   * Per table: the held-back writes in order, and for `get` the last put of each key and the
   * deletes, each with its place in that order.
   */
  const pending = new Map<
    string,
    {
      table: TableSpec;
      ops: Pending[];
      puts: Map<string, { row: Row; at: number }>;
      deletes: { where: Row; at: number }[];
    }
  >();
  const keyOf = (table: TableSpec, row: Row) => table.primaryKey.map((c) => keyText(row[c])).join('\u0000');

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
  // One statement cannot update a row twice: the last write of a key wins, as in order.
  const upsert = async (table: TableSpec, rows: readonly Row[]): Promise<void> => {
    await insert(table, lastPerKey(table, rows), onConflictReplace(table));
  };
  /** Deletes by key prefixes of one length: one statement per chunk (deletes commute). */
  const deleteNow = async (table: TableSpec, wheres: readonly Row[]): Promise<void> => {
    const columns = keyPrefix(table, wheres[0] ?? {});
    if (columns.length === 0) {
      await query(`DELETE FROM ${naming(table)}`, []);
      return;
    }
    const perStatement = Math.max(1, Math.floor(MAX_PARAMETERS / columns.length));
    for (let at = 0; at < wheres.length; at += perStatement) {
      const parameters: unknown[] = [];
      const tuples = wheres
        .slice(at, at + perStatement)
        .map((where) => `(${columns.map((c) => `$${parameters.push(where[c])}`).join(', ')})`);
      await query(
        `DELETE FROM ${naming(table)} WHERE (${columns.join(', ')}) IN (${tuples.join(', ')})`,
        parameters,
      );
    }
  };
  /**
   * Sends a table's held-back writes in order: consecutive puts as one upsert, consecutive deletes
   * by prefixes of one length as one delete.
   */
  const flushTable = async (name: string): Promise<void> => {
    const held = pending.get(name);
    if (!held) return;
    pending.delete(name);
    let puts: Row[] = [];
    let deletes: Row[] = [];
    const sendDeletes = async () => {
      if (deletes.length > 0) await deleteNow(held.table, deletes);
      deletes = [];
    };
    for (const op of held.ops) {
      if (op.kind === 'put') {
        await sendDeletes();
        puts.push(...op.rows);
        continue;
      }
      if (puts.length > 0) await upsert(held.table, puts);
      puts = [];
      if (
        deletes.length > 0 &&
        keyPrefix(held.table, deletes[0] as Row).length !== keyPrefix(held.table, op.where).length
      )
        await sendDeletes();
      deletes.push(op.where);
    }
    await sendDeletes();
    if (puts.length > 0) await upsert(held.table, puts);
  };
  const hold = (table: TableSpec, op: Pending): void => {
    let held = pending.get(table.name);
    if (!held) pending.set(table.name, (held = { table, ops: [], puts: new Map(), deletes: [] }));
    const at = held.ops.push(op);
    if (op.kind === 'delete') held.deletes.push({ where: op.where, at });
    else for (const row of op.rows) held.puts.set(keyOf(table, row), { row, at });
  };

  /** What the held-back writes say of a key: a row, none (`null`: deleted), or nothing (`undefined`). */
  const heldRow = (table: TableSpec, key: Row): Row | null | undefined => {
    const held = pending.get(table.name);
    if (!held) return undefined;
    // The latest held-back write that touches the key decides it.
    const put = held.puts.get(keyOf(table, key));
    const deleted = held.deletes.some(
      ({ where, at }) =>
        at > (put?.at ?? 0) && keyPrefix(table, where).every((c) => sameValue(where[c], key[c])),
    );
    if (deleted) return null;
    if (put) return Object.fromEntries(columnsOf(table).map((c) => [c, put.row[c] as Value]));
    return undefined;
  };

  /**
   * Reads the keys of several tables in one statement: those the held-back writes decide are
   * answered from them, the others asked once each, however often they are given.
   */
  const getManyOfTables = async (requests: readonly TableKeys[]): Promise<(Row | undefined)[][]> => {
    const plans = requests.map(({ table, keys }) => {
      const asked = new Map<string, { key: Row; at: number }>();
      const answers = keys.map((key) => {
        if (keyPrefix(table, key).length !== table.primaryKey.length) {
          throw new Error(`read model ${table.name}: getMany needs whole primary keys`);
        }
        const held = heldRow(table, key);
        if (held !== undefined) return held ?? undefined;
        const id = primaryKeyText(table, key);
        let wanted = asked.get(id);
        if (!wanted) asked.set(id, (wanted = { key, at: asked.size }));
        return wanted.at;
      });
      return { table, answers, asked: [...asked.values()].map(({ key }) => key) };
    });
    const found = await readKeys(
      query,
      naming,
      plans.map(({ table, asked }) => ({ table, keys: asked })),
    );
    return plans.map(({ answers }, i) =>
      answers.map((answer) => (typeof answer === 'number' ? found[i]?.[answer] : answer)),
    );
  };

  return {
    async get(table, key) {
      const held = heldRow(table, key);
      if (held !== undefined) return held ?? undefined;
      return reader.get(table, key);
    },
    async getMany(table, keys) {
      return (await getManyOfTables([{ table, keys }]))[0] as (Row | undefined)[];
    },
    getManyOfTables,
    async range(table, q) {
      await flushTable(table.name);
      return reader.range(table, q);
    },
    async insertNew(table, rows) {
      // How many are new depends on what the table holds: it must hold the earlier writes.
      await flushTable(table.name);
      return insert(table, rows, 'ON CONFLICT DO NOTHING');
    },
    async put(table, rows) {
      if (rows.length > 0) hold(table, { kind: 'put', rows: [...rows] });
    },
    async delete(table, where) {
      hold(table, { kind: 'delete', where });
    },
    async flush() {
      // The tables whose held-back writes may go in any order (the summaries a batch merged, the
      // running events it added and those of the instances that ended) go together.
      const together = [...pending.values()].filter(({ table, puts, deletes }) =>
        deletesMissPuts(
          table,
          [...puts.values()].map(({ row }) => row),
          deletes.map(({ where }) => where),
        ),
      );
      if (together.length > 0 && together.length <= MAX_TABLES_PER_STATEMENT) {
        for (const { table } of together) pending.delete(table.name);
        await writeTables(
          query,
          naming,
          together.map(({ table, ops }) => ({
            table,
            puts: ops.flatMap((op) => (op.kind === 'put' ? op.rows : [])),
            deletes: ops.flatMap((op) => (op.kind === 'delete' ? [op.where] : [])),
          })),
        );
      }
      for (const name of [...pending.keys()]) await flushTable(name);
    },
  };
}
