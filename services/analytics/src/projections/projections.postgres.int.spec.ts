import { openPostgresEventStore } from '@baton/eventstore';
import { databaseUrl, describeWithPostgres, uniqueName } from '@baton/testing';
import { Pool } from 'pg';
import { openPostgresReadModelStore } from '../read-model-store/postgres/postgres-read-model-store';
import { projectionScenarios } from '../testing/projection-scenarios';

describeWithPostgres('PostgreSQL event store and read models', () => {
  projectionScenarios('PostgreSQL', async () => {
    const [eventSchema, schema, otherSchema] = [uniqueName('es'), uniqueName('rm'), uniqueName('rm')];
    const events = await openPostgresEventStore({
      connectionString: databaseUrl(),
      schema: eventSchema,
      pollIntervalMs: 20,
    });
    const open = (s: string) => () =>
      openPostgresReadModelStore({ connectionString: databaseUrl(), schema: s });
    return {
      events,
      readModels: open(schema),
      otherReadModels: open(otherSchema),
      dispose: async () => {
        await events.close();
        const pool = new Pool({ connectionString: databaseUrl(), max: 1 });
        for (const s of [eventSchema, schema, otherSchema])
          await pool.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
        await pool.end();
      },
    };
  });
});
