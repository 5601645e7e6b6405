import { databaseUrl, describeWithPostgres, uniqueName } from '@baton/testing';
import { Pool } from 'pg';
import { readModelStoreConformance } from '../conformance/read-model-store.conformance';
import type { ReadModelStore, TableSpec } from '../read-model-store.port';
import { openPostgresReadModelStore } from './postgres-read-model-store';

const notes: TableSpec = { name: 'notes', columns: { id: 'text' }, primaryKey: ['id'] };

describeWithPostgres('PostgreSQL read-model store', () => {
  readModelStoreConformance('PostgreSQL', async () => {
    const schema = uniqueName('rm');
    return {
      open: () => openPostgresReadModelStore({ connectionString: databaseUrl(), schema }),
      dispose: async () => {
        const pool = new Pool({ connectionString: databaseUrl(), max: 1 });
        await pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        await pool.end();
      },
    };
  });

  describe('lanes', () => {
    const schema = uniqueName('rm_lanes');
    let store: ReadModelStore;
    beforeAll(async () => {
      store = await openPostgresReadModelStore({ connectionString: databaseUrl(), schema });
      await store.ensureTables([notes]);
    });
    afterAll(async () => {
      await store.close();
      const pool = new Pool({ connectionString: databaseUrl(), max: 1 });
      await pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await pool.end();
    });

    /** A write in `lane` that stays open until the returned `finish` is called. */
    const held = (lane: string | undefined, id: string) => {
      let finish = (): void => undefined;
      let opened = (): void => undefined;
      const open = new Promise<void>((resolve) => (opened = resolve));
      const done = store.write(async (tx) => {
        await tx.insertNew(notes, [{ id }]);
        opened();
        await new Promise<void>((resolve) => (finish = resolve));
      }, lane);
      return { open, done, finish: () => finish() };
    };
    const settledWithin = (promise: Promise<unknown>, ms: number) =>
      Promise.race([promise.then(() => true), new Promise((r) => setTimeout(() => r(false), ms))]);

    it('commits a projection’s batch while another projection’s transaction is still open', async () => {
      const statistics = held('statistics', 's1');
      await statistics.open;
      // The audit trail does not wait behind the statistics (distributed projection lag).
      await store.write((tx) => tx.insertNew(notes, [{ id: 'a1' }]), 'audit-trail');
      expect(await store.get(notes, { id: 'a1' })).toEqual({ id: 'a1' });
      statistics.finish();
      await statistics.done;
    });

    it('keeps a write without a lane (a rebuild swap) from running beside any lane', async () => {
      const statistics = held('statistics', 's2');
      await statistics.open;
      const swap = store.write((tx) => tx.insertNew(notes, [{ id: 'swap' }]));
      expect(await settledWithin(swap, 300)).toBe(false);
      statistics.finish();
      await statistics.done;
      await swap;
      expect(await store.get(notes, { id: 'swap' })).toEqual({ id: 'swap' });
    });
  });
});
