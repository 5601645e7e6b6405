import { databaseUrl, describeWithPostgres, uniqueName } from '@baton/testing';
import { Client, Pool } from 'pg';
import { aStreamId, eventStoreConformance, events, eventually } from '../../conformance';
import { noStream, type RecordedEvent } from '../../port/event-store.port';
import { appendInTransaction } from './postgres-append';
import { openPostgresEventStore } from './postgres-event-store';
import { migratePostgres } from './postgres-migrations';

// One file on purpose: the xmin horizon is cluster-wide, so the proof below (which holds a
// transaction open) would delay other files' reads if it ran beside them.
describeWithPostgres('PostgreSQL event store', () => {
  const schema = uniqueName('es');

  eventStoreConformance('PostgreSQL', async (options) => {
    const store = await openPostgresEventStore({
      connectionString: databaseUrl(),
      schema,
      pollIntervalMs: 50,
      ...options,
    });
    return { store, checkpoints: store.checkpoints, dispose: () => store.close() };
  });

  it('migrates safely when several processes migrate the same schema at once', async () => {
    const pools = Array.from({ length: 4 }, () => new Pool({ connectionString: databaseUrl() }));
    const fresh = uniqueName('es_mig');
    try {
      await Promise.all(pools.map((p) => migratePostgres(p, fresh)));
      const r = await pools[0]?.query(`SELECT count(*)::int AS n FROM ${fresh}.schema_migrations`);
      expect(r?.rows[0]).toEqual({ n: 1 });
    } finally {
      await Promise.all(pools.map((p) => p.end()));
    }
  });

  it('never delivers an event past one whose transaction commits later', async () => {
    const store = await openPostgresEventStore({
      connectionString: databaseUrl(),
      schema,
      pollIntervalMs: 50,
    });
    const raw = new Client({ connectionString: databaseUrl() });
    await raw.connect();
    try {
      const start = (await store.readAll()).at(-1)?.globalPosition ?? 0n;
      const seen: RecordedEvent[] = [];
      const sub = store.subscribeToAll({ after: start, handler: async (e) => void seen.push(e) });
      const early = aStreamId('early');
      const late = aStreamId('late');

      await raw.query('BEGIN');
      await appendInTransaction(raw, schema, early, events(1), noStream); // gets the older xid
      await store.append(late, events(1), noStream); // commits first

      await new Promise((r) => setTimeout(r, 300)); // several poll rounds and a notification
      expect(seen).toEqual([]);
      expect(await store.readAll({ after: start })).toEqual([]);

      await raw.query('COMMIT');
      await eventually(() => expect(seen.map((e) => e.streamId)).toEqual([early, late]));
      expect((await store.readAll({ after: start })).map((e) => e.streamId)).toEqual([early, late]);
      await new Promise((r) => setTimeout(r, 150));
      expect(seen).toHaveLength(2);
      await sub.stop();
    } finally {
      await raw.query('ROLLBACK').catch(() => undefined);
      await raw.end();
      await store.close();
    }
  });
});
