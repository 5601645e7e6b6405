import { databaseUrl, describeWithPostgres, uniqueName } from '@baton/testing';
import { Pool } from 'pg';
import { readModelStoreConformance } from '../conformance/read-model-store.conformance';
import { openPostgresReadModelStore } from './postgres-read-model-store';

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
});
