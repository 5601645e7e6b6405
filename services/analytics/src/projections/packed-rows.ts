import type { Row, TableSpec } from '../read-model-store/read-model-store.port';

/**
 * A table's rows laid out by column, to cross between threads as a few transferred buffers: a
 * Buffer cloned on its own would copy the whole pool slab it lives in, and a million small objects
 * cost more to clone than to build.
 */
export interface PackedRows {
  readonly count: number;
  readonly columns: Readonly<Record<string, PackedColumn>>;
}

type PackedColumn =
  | { readonly kind: 'text'; readonly values: readonly string[] }
  | { readonly kind: 'integer'; readonly values: Float64Array }
  | { readonly kind: 'bigint'; readonly values: BigInt64Array }
  | { readonly kind: 'bytes'; readonly data: Uint8Array; readonly ends: Uint32Array };

/** Packs rows of `table` (every column present, as the table's types say). */
export function packRows(table: TableSpec, rows: readonly Row[]): PackedRows {
  const columns: Record<string, PackedColumn> = {};
  for (const [name, type] of Object.entries(table.columns)) {
    const values = rows.map((row) => row[name]);
    if (type === 'text') columns[name] = { kind: 'text', values: values as string[] };
    else if (type === 'integer')
      columns[name] = { kind: 'integer', values: Float64Array.from(values as number[]) };
    else if (type === 'bigint')
      columns[name] = { kind: 'bigint', values: BigInt64Array.from(values, (v) => BigInt(v as bigint)) };
    else {
      const buffers = values as Buffer[];
      const data = new Uint8Array(buffers.reduce((sum, b) => sum + b.length, 0));
      const ends = new Uint32Array(buffers.length);
      let end = 0;
      buffers.forEach((b, i) => {
        data.set(b, end);
        ends[i] = end += b.length;
      });
      columns[name] = { kind: 'bytes', data, ends };
    }
  }
  return { count: rows.length, columns };
}

/** The buffers to transfer with a packed batch (they are unusable on the sending side afterwards). */
export function transferablesOf(packed: PackedRows): ArrayBuffer[] {
  return Object.values(packed.columns).flatMap((column) =>
    column.kind === 'text'
      ? []
      : column.kind === 'bytes'
        ? [column.data.buffer as ArrayBuffer, column.ends.buffer as ArrayBuffer]
        : [column.values.buffer as ArrayBuffer],
  );
}

/** The rows again, in their order; bytes are views on the batch's buffer (no copy). */
export function unpackRows(packed: PackedRows): Row[] {
  const columns = Object.entries(packed.columns);
  const rows: Row[] = [];
  for (let i = 0; i < packed.count; i++) {
    const row: Record<string, Row[string]> = {};
    for (const [name, column] of columns) {
      if (column.kind === 'bytes') {
        const start = i === 0 ? 0 : (column.ends[i - 1] as number);
        const end = column.ends[i] as number;
        row[name] = Buffer.from(column.data.buffer, column.data.byteOffset + start, end - start);
      } else row[name] = column.values[i] as Row[string];
    }
    rows.push(row);
  }
  return rows;
}
