import type { TableSpec } from '../read-model-store/read-model-store.port';
import { packRows, transferablesOf, unpackRows } from './packed-rows';

const TABLE: TableSpec = {
  name: 'packed',
  columns: { id: 'text', n: 'integer', big: 'bigint', blob: 'bytes' },
  primaryKey: ['id'],
};

describe('packed rows', () => {
  it('cross a thread boundary and come back equal, in order, empty bytes included', () => {
    const rows = [
      { id: 'a', n: 1, big: 9_007_199_254_740_993n, blob: Buffer.from([1, 2, 3]) },
      { id: 'é', n: -2.5, big: -1n, blob: Buffer.alloc(0) },
      { id: 'c', n: Date.UTC(2026, 10, 29), big: 0n, blob: Buffer.from('hello') },
    ];
    const packed = packRows(TABLE, rows);
    // What a MessagePort would deliver: a structured clone, the buffers moved.
    const delivered = structuredClone(packed, { transfer: transferablesOf(packed) });
    expect(unpackRows(delivered)).toEqual(rows);
    expect(transferablesOf(packed).every((b) => b.byteLength === 0)).toBe(true);
  });

  it('packs no rows', () => {
    expect(unpackRows(structuredClone(packRows(TABLE, [])))).toEqual([]);
  });
});
