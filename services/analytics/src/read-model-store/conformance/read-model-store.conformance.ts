import type { ReadModelStore, Row, TableSpec } from '../read-model-store.port';

/** Opens stores on one fresh database: each call is another connection, as another process's. */
export type ReadModelStoreFactory = () => Promise<{
  readonly open: () => Promise<ReadModelStore>;
  readonly dispose: () => Promise<void>;
}>;

const things: TableSpec = {
  name: 'things',
  columns: { owner: 'text', seq: 'integer', position: 'bigint', body: 'bytes', note: 'text' },
  primaryKey: ['owner', 'seq'],
};
const counters: TableSpec = {
  name: 'counters',
  columns: { name: 'text', n: 'integer' },
  primaryKey: ['name'],
};

const aThing = (owner: string, seq: number, note = `note ${seq}`): Row => ({
  owner,
  seq,
  position: (1n << 62n) + BigInt(seq),
  body: Buffer.from([0, seq, 255]),
  note,
});

/**
 * Declares the read-model store conformance suite for one adapter (call it from the adapter's
 * spec file): both adapters must answer every case alike, so projections run on either.
 */
export function readModelStoreConformance(name: string, factory: ReadModelStoreFactory): void {
  describe(`${name} conforms to the ReadModelStore port`, () => {
    let database: Awaited<ReturnType<ReadModelStoreFactory>>;
    let store: ReadModelStore;
    beforeEach(async () => {
      database = await factory();
      store = await database.open();
      await store.ensureTables([things, counters]);
      await store.ensureTables([things, counters]);
    });
    afterEach(async () => {
      await store.close();
      await database.dispose();
    });

    const increment = (s: ReadModelStore, lane?: string) =>
      s.write(async (tx) => {
        const row = await tx.get(counters, { name: 'c' });
        await new Promise((resolve) => setTimeout(resolve, 5));
        await tx.put(counters, [{ name: 'c', n: Number(row?.['n'] ?? 0) + 1 }]);
      }, lane);

    it('says which tables it created, so a caller can tell tables new to an existing read model', async () => {
      const extra: TableSpec = { name: 'extras', columns: { id: 'text' }, primaryKey: ['id'] };
      expect(await store.ensureTables([things, extra, counters])).toEqual(['extras']);
      expect(await store.ensureTables([things, extra, counters])).toEqual([]);
    });

    it('refuses a table kept in another shape, naming the rebuild', async () => {
      const reshaped: TableSpec = {
        ...{},
        ...counters,
        columns: { name: 'text', n: 'integer', since: 'integer' },
      };
      await expect(store.ensureTables([reshaped])).rejects.toThrow(
        /read model rm_counters has columns \(n, name\) where this version keeps \(n, name, since\): rebuild it/,
      );
      // A rebuild creates it anew.
      const rebuild = await store.startRebuild([reshaped]);
      await rebuild.swap(async (tx) => tx.put(reshaped, [{ name: 'c', n: 1, since: 2 }]));
      await store.ensureTables([reshaped]);
      expect(await store.get(reshaped, { name: 'c' })).toEqual({ name: 'c', n: 1, since: 2 });
    });

    it('inserts new keys only, and reads rows back with their column types', async () => {
      const inserted = await store.write((tx) =>
        tx.insertNew(things, [aThing('a', 1), aThing('a', 2), aThing('a', 1, 'again')]),
      );
      expect(inserted).toBe(2);
      expect(await store.write((tx) => tx.insertNew(things, [aThing('a', 2, 'again'), aThing('a', 3)]))).toBe(
        1,
      );
      expect(await store.get(things, { owner: 'a', seq: 1 })).toEqual(aThing('a', 1));
      expect(await store.get(things, { owner: 'a', seq: 9 })).toBeUndefined();
    });

    it('ranges over a key prefix in key order (text bytewise), bounded and limited', async () => {
      const owners = ['b', 'B', 'é', 'a'];
      await store.write((tx) =>
        tx.insertNew(
          things,
          owners.flatMap((owner) => [3, 1, 2, 10].map((seq) => aThing(owner, seq))),
        ),
      );
      const seqs = (rows: Row[]) => rows.map((r) => r['seq']);
      expect(seqs(await store.range(things, { where: { owner: 'a' } }))).toEqual([1, 2, 3, 10]);
      expect(seqs(await store.range(things, { where: { owner: 'a' }, after: 2 }))).toEqual([3, 10]);
      expect(seqs(await store.range(things, { where: { owner: 'a' }, from: 2, until: 3 }))).toEqual([2, 3]);
      expect(seqs(await store.range(things, { where: { owner: 'a' }, after: 1, limit: 2 }))).toEqual([2, 3]);
      const all = await store.range(things, { where: {} });
      expect([...new Set(all.map((r) => r['owner']))]).toEqual(['B', 'a', 'b', 'é']);
      expect(all.slice(0, 2).map((r) => r['seq'])).toEqual([1, 2]);
      await expect(store.range(things, { where: { seq: 1 } })).rejects.toThrow('leading');
    });

    it('keeps only the rows where one of the anyOf columns equals its value, any column', async () => {
      await store.write((tx) =>
        tx.insertNew(things, [aThing('a', 1, 'x'), aThing('a', 2), aThing('a', 3, 'x'), aThing('b', 2)]),
      );
      const keys = (rows: Row[]) => rows.map((r) => `${r['owner']}${r['seq']}`);
      expect(keys(await store.range(things, { where: {}, anyOf: { note: 'x' } }))).toEqual(['a1', 'a3']);
      expect(keys(await store.range(things, { where: {}, anyOf: { note: 'x', owner: 'b' } }))).toEqual([
        'a1',
        'a3',
        'b2',
      ]);
      expect(
        keys(await store.range(things, { where: { owner: 'a' }, from: 2, anyOf: { note: 'x', seq: 2 } })),
      ).toEqual(['a2', 'a3']);
      await expect(store.range(things, { where: {}, anyOf: { nothing: 1 } })).rejects.toThrow('no column');
    });

    it('replaces rows by key with put and deletes by key prefix', async () => {
      await store.write(async (tx) => {
        await tx.insertNew(things, [aThing('a', 1), aThing('a', 2), aThing('b', 1)]);
        await tx.put(things, [aThing('a', 1, 'first'), aThing('a', 1, 'replaced'), aThing('c', 1)]);
      });
      expect((await store.get(things, { owner: 'a', seq: 1 }))?.['note']).toBe('replaced');
      await store.write((tx) => tx.delete(things, { owner: 'a' }));
      expect((await store.range(things, { where: {} })).map((r) => r['owner'])).toEqual(['b', 'c']);
    });

    it('reads its own puts and deletes within a transaction, in the order they were made', async () => {
      await store.write(async (tx) => {
        await tx.insertNew(things, [aThing('a', 1), aThing('a', 2), aThing('b', 1)]);
        await tx.put(things, [aThing('a', 1, 'put')]);
        expect(await tx.get(things, { owner: 'a', seq: 1 })).toEqual(aThing('a', 1, 'put'));
        await tx.delete(things, { owner: 'a' });
        expect(await tx.get(things, { owner: 'a', seq: 2 })).toBeUndefined();
        await tx.put(things, [aThing('a', 2, 'again')]);
        expect((await tx.get(things, { owner: 'a', seq: 2 }))?.['note']).toBe('again');
        expect(await tx.get(things, { owner: 'b', seq: 1 })).toEqual(aThing('b', 1));
        expect(await tx.insertNew(things, [aThing('a', 2), aThing('a', 3)])).toBe(1);
        await tx.put(counters, [{ name: 'x', n: 1 }]);
        await tx.delete(counters, {});
        await tx.put(counters, [{ name: 'y', n: 2 }]);
        expect(
          (await tx.range(things, { where: {} })).map((r) => `${r['owner']}${r['seq']}${r['note']}`),
        ).toEqual(['a2again', 'a3note 3', 'b1note 1']);
      });
      expect(await store.range(counters, { where: {} })).toEqual([{ name: 'y', n: 2 }]);
      expect((await store.get(things, { owner: 'a', seq: 2 }))?.['note']).toBe('again');
    });

    it('reads many whole keys at once, in the order asked, missing and repeated keys included', async () => {
      await store.write((tx) => tx.insertNew(things, [aThing('a', 1), aThing('a', 2), aThing('b', 1)]));
      const answers = await store.write((tx) =>
        tx.getMany(things, [
          { owner: 'b', seq: 1 },
          { owner: 'a', seq: 9 },
          { owner: 'a', seq: 1 },
          { owner: 'b', seq: 1 },
          { owner: 'z', seq: 1 },
        ]),
      );
      expect(answers).toEqual([aThing('b', 1), undefined, aThing('a', 1), aThing('b', 1), undefined]);
      expect(await store.write((tx) => tx.getMany(things, []))).toEqual([]);
      await expect(store.write((tx) => tx.getMany(things, [{ owner: 'a' }]))).rejects.toThrow(/primary key/);
      // Many keys: more than one statement's worth of parameters on PostgreSQL.
      const many = Array.from({ length: 20_000 }, (_, i) => ({ name: `k${i}`, n: i }));
      await store.write((tx) => tx.put(counters, many));
      const keys = [...many.map(({ name }) => ({ name })), { name: 'none' }].reverse();
      const read = await store.write((tx) => tx.getMany(counters, keys));
      expect(read).toEqual([undefined, ...[...many].reverse()]);
    });

    it('reads many keys as its own writes left them: put, deleted, put again after a delete', async () => {
      await store.write((tx) =>
        tx.insertNew(things, [aThing('a', 1), aThing('a', 2), aThing('b', 1), aThing('c', 1)]),
      );
      await store.write(async (tx) => {
        await tx.put(things, [aThing('a', 1, 'put'), aThing('d', 1, 'new')]);
        await tx.delete(things, { owner: 'b' });
        await tx.delete(things, { owner: 'c', seq: 1 });
        await tx.put(things, [aThing('c', 1, 'back')]);
        expect(
          await tx.getMany(things, [
            { owner: 'a', seq: 1 },
            { owner: 'a', seq: 2 },
            { owner: 'b', seq: 1 },
            { owner: 'c', seq: 1 },
            { owner: 'd', seq: 1 },
            { owner: 'a', seq: 1 },
          ]),
        ).toEqual([
          aThing('a', 1, 'put'),
          aThing('a', 2),
          undefined,
          aThing('c', 1, 'back'),
          aThing('d', 1, 'new'),
          aThing('a', 1, 'put'),
        ]);
      });
      expect(await store.get(things, { owner: 'b', seq: 1 })).toBeUndefined();
      expect((await store.get(things, { owner: 'c', seq: 1 }))?.['note']).toBe('back');
    });

    it('reads many keys of several tables at once, each table answered as getMany would', async () => {
      await store.write(async (tx) => {
        await tx.insertNew(things, [aThing('a', 1), aThing('a', 2), aThing('b', 1)]);
        await tx.put(counters, [
          { name: 'x', n: 1 },
          { name: 'y', n: 2 },
        ]);
      });
      const empty: TableSpec = { name: 'empties', columns: { id: 'text' }, primaryKey: ['id'] };
      await store.ensureTables([empty]);
      const answers = await store.write(async (tx) => {
        // Held back in this transaction: a put, a put after a delete, a delete.
        await tx.put(things, [aThing('a', 1, 'put')]);
        await tx.delete(things, { owner: 'b' });
        await tx.put(things, [aThing('b', 1, 'back')]);
        await tx.delete(counters, { name: 'y' });
        await tx.put(counters, [{ name: 'z', n: 3 }]);
        return tx.getManyOfTables([
          {
            table: things,
            keys: [
              { owner: 'a', seq: 2 },
              { owner: 'a', seq: 1 },
              { owner: 'a', seq: 9 },
              { owner: 'b', seq: 1 },
              { owner: 'a', seq: 2 },
            ],
          },
          { table: empty, keys: [] },
          {
            table: counters,
            keys: [{ name: 'y' }, { name: 'x' }, { name: 'z' }, { name: 'none' }, { name: 'x' }],
          },
          { table: empty, keys: [{ id: 'nothing' }] },
        ]);
      });
      expect(answers).toEqual([
        // Bytes and bigints beyond 2^53 come back as they went in.
        [aThing('a', 2), aThing('a', 1, 'put'), undefined, aThing('b', 1, 'back'), aThing('a', 2)],
        [],
        [undefined, { name: 'x', n: 1 }, { name: 'z', n: 3 }, undefined, { name: 'x', n: 1 }],
        [undefined],
      ]);
      const [read] = answers[0] ?? [];
      expect(typeof read?.['position']).toBe('bigint');
      expect(Buffer.isBuffer(read?.['body'])).toBe(true);
      expect(await store.write((tx) => tx.getManyOfTables([]))).toEqual([]);
      await expect(
        store.write((tx) => tx.getManyOfTables([{ table: things, keys: [{ owner: 'a' }] }])),
      ).rejects.toThrow(/primary key/);
    });

    it('reads the same table in two requests of one call, and only one table when the others ask nothing', async () => {
      await store.write((tx) => tx.insertNew(things, [aThing('a', 1), aThing('b', 2)]));
      const answers = await store.write((tx) =>
        tx.getManyOfTables([
          { table: counters, keys: [] },
          { table: things, keys: [{ owner: 'b', seq: 2 }] },
          {
            table: things,
            keys: [
              { owner: 'a', seq: 1 },
              { owner: 'b', seq: 2 },
            ],
          },
        ]),
      );
      expect(answers).toEqual([[], [aThing('b', 2)], [aThing('a', 1), aThing('b', 2)]]);
      const single = await store.write((tx) =>
        tx.getManyOfTables([
          { table: counters, keys: [] },
          {
            table: things,
            keys: [
              { owner: 'b', seq: 2 },
              { owner: 'c', seq: 1 },
            ],
          },
        ]),
      );
      expect(single).toEqual([[], [aThing('b', 2), undefined]]);
    });

    it('applies many deletes of prefixes of different lengths in order with the puts around them', async () => {
      await store.write((tx) =>
        tx.insertNew(things, [
          aThing('a', 1),
          aThing('a', 2),
          aThing('b', 1),
          aThing('b', 2),
          aThing('c', 1),
        ]),
      );
      await store.write(async (tx) => {
        await tx.delete(things, { owner: 'a' });
        await tx.delete(things, { owner: 'b', seq: 1 });
        await tx.delete(things, { owner: 'c', seq: 1 });
        await tx.delete(things, { owner: 'z' });
        await tx.put(things, [aThing('a', 1, 'back')]);
        await tx.delete(things, { owner: 'b', seq: 2 });
        await tx.delete(things, { owner: 'a', seq: 1 });
        await tx.put(things, [aThing('c', 1, 'back')]);
      });
      expect(
        (await store.range(things, { where: {} })).map((r) => `${r['owner']}${r['seq']}${r['note']}`),
      ).toEqual(['c1back']);
    });

    it('commits puts and deletes of several tables that miss each other, each as if in order', async () => {
      const empty: TableSpec = { name: 'empties', columns: { id: 'text' }, primaryKey: ['id'] };
      await store.ensureTables([empty]);
      await store.write(async (tx) => {
        await tx.insertNew(things, [
          aThing('a', 1),
          aThing('a', 2),
          aThing('b', 1),
          aThing('b', 2),
          aThing('c', 1),
        ]);
        await tx.insertNew(empty, [{ id: 'e1' }, { id: 'e2' }]);
        await tx.put(counters, [{ name: 'x', n: 1 }]);
      });
      await store.write(async (tx) => {
        await tx.put(things, [aThing('a', 1, 'first'), aThing('d', 1, 'new')]);
        await tx.delete(things, { owner: 'b' });
        await tx.put(things, [aThing('a', 1, 'last')]);
        await tx.delete(things, { owner: 'c', seq: 1 });
        await tx.delete(things, { owner: 'a', seq: 2 });
        await tx.delete(empty, {});
        await tx.put(counters, [
          { name: 'x', n: 2 },
          { name: 'y', n: 1 },
        ]);
      });
      expect(await store.range(things, { where: {} })).toEqual([
        aThing('a', 1, 'last'),
        aThing('d', 1, 'new'),
      ]);
      expect(await store.range(empty, { where: {} })).toEqual([]);
      expect(await store.range(counters, { where: {} })).toEqual([
        { name: 'x', n: 2 },
        { name: 'y', n: 1 },
      ]);
    });

    it('rolls a transaction back when its work rejects, and hides it from readers until it commits', async () => {
      await expect(
        store.write(async (tx) => {
          await tx.insertNew(things, [aThing('a', 1)]);
          throw new Error('projection failed');
        }),
      ).rejects.toThrow('projection failed');
      expect(await store.range(things, { where: {} })).toEqual([]);

      let inside = (): void => undefined;
      const written = new Promise<void>((resolve) => (inside = resolve));
      let finish = (): void => undefined;
      const open = store.write(async (tx) => {
        await tx.insertNew(things, [aThing('a', 1)]);
        expect(await tx.get(things, { owner: 'a', seq: 1 })).toBeDefined();
        inside();
        await new Promise<void>((resolve) => (finish = resolve));
      });
      await written;
      expect(await store.get(things, { owner: 'a', seq: 1 })).toBeUndefined();
      finish();
      await open;
      expect(await store.get(things, { owner: 'a', seq: 1 })).toBeDefined();
    });

    it('runs the write transactions of one lane one at a time, and none beside a write without a lane', async () => {
      const other = await database.open();
      try {
        await Promise.all([
          increment(store, 'statistics'),
          increment(other, 'statistics'),
          increment(store),
          increment(store, 'statistics'),
          increment(other),
          increment(other, 'statistics'),
        ]);
        expect(await store.get(counters, { name: 'c' })).toEqual({ name: 'c', n: 6 });
      } finally {
        await other.close();
      }
    });

    it('runs write transactions one at a time, within a process and across them', async () => {
      const other = await database.open();
      try {
        await Promise.all([increment(store), increment(store), increment(other), increment(other)]);
        expect(await store.get(counters, { name: 'c' })).toEqual({ name: 'c', n: 4 });
      } finally {
        await other.close();
      }
    });

    it('rebuilds into shadow tables that replace the live ones at once, other tables staying live', async () => {
      await store.write((tx) => tx.insertNew(things, [aThing('old', 1)]));
      for (const round of [1, 2]) {
        const rebuild = await store.startRebuild([things]);
        await rebuild.write(async (tx) => {
          expect(await tx.range(things, { where: {} })).toEqual([]);
          await tx.insertNew(things, [aThing(`new-${round}`, 1)]);
          await tx.put(counters, [{ name: 'rebuilds', n: round }]);
        });
        expect((await store.range(things, { where: {} })).map((r) => `${r['owner']}/${r['seq']}`)).toEqual(
          round === 1 ? ['old/1'] : ['new-1/1', 'new-1/2'],
        );
        await rebuild.swap((tx) => tx.insertNew(things, [aThing(`new-${round}`, 2)]));
        expect((await store.range(things, { where: {} })).map((r) => `${r['owner']}/${r['seq']}`)).toEqual([
          `new-${round}/1`,
          `new-${round}/2`,
        ]);
        expect(await store.get(counters, { name: 'rebuilds' })).toEqual({ name: 'rebuilds', n: round });
      }
      await store.write((tx) => tx.insertNew(things, [aThing('live', 1)]));
      expect(await store.range(things, { where: { owner: 'live' } })).toHaveLength(1);
    });

    it('abandons a rebuild without touching the live tables, and starts over after one left behind', async () => {
      await store.write((tx) => tx.insertNew(things, [aThing('live', 1)]));
      const abandoned = await store.startRebuild([things]);
      await abandoned.write((tx) => tx.insertNew(things, [aThing('shadow', 1)]));
      await abandoned.abandon();
      const leftBehind = await store.startRebuild([things]);
      await leftBehind.write((tx) => tx.insertNew(things, [aThing('shadow', 2)]));
      const again = await store.startRebuild([things]);
      await again.swap(async (tx) => expect(await tx.range(things, { where: {} })).toEqual([]));
      expect(await store.range(things, { where: {} })).toEqual([]);
    });
  });
}
