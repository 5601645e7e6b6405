import { databaseUrl, describeWithPostgres, uniqueName } from '@baton/testing';
import { Client, Pool } from 'pg';
import { aStreamId, eventStoreConformance, events, eventually, type Tamper } from '../../conformance';
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
    const raw = new Client({ connectionString: databaseUrl() });
    await raw.connect();
    const where = 'WHERE stream_id = $1 AND stream_version = $2';
    // Edits through a connection of its own, as someone with access to the database could.
    const tamper: Tamper = {
      setData: async (streamId, version, data) =>
        void (await raw.query(`UPDATE ${schema}.events SET data = $3::jsonb ${where}`, [
          streamId,
          version,
          JSON.stringify(data),
        ])),
      setLink: async (streamId, version, link) =>
        void (await raw.query(`UPDATE ${schema}.events SET chain_hash = $3 ${where}`, [
          streamId,
          version,
          link,
        ])),
      remove: async (streamId, version) =>
        void (await raw.query(`DELETE FROM ${schema}.events ${where}`, [streamId, version])),
      link: async (streamId, version) =>
        (
          await raw.query<{ chain_hash: string | null }>(`SELECT chain_hash FROM ${schema}.events ${where}`, [
            streamId,
            version,
          ])
        ).rows[0]?.chain_hash ?? null,
    };
    return {
      store,
      checkpoints: store.checkpoints,
      tamper,
      dispose: async () => {
        await raw.end();
        await store.close();
      },
    };
  });

  it('migrates safely when several processes migrate the same schema at once', async () => {
    const pools = Array.from({ length: 4 }, () => new Pool({ connectionString: databaseUrl() }));
    const fresh = uniqueName('es_mig');
    try {
      await Promise.all(pools.map((p) => migratePostgres(p, fresh)));
      const r = await pools[0]?.query(`SELECT count(*)::int AS n FROM ${fresh}.schema_migrations`);
      expect(r?.rows[0]).toEqual({ n: 2 });
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
