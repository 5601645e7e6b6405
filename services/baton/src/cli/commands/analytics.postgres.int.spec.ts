import { noStream, openPostgresEventStore } from '@baton/eventstore';
import { databaseUrl, describeWithPostgres, uniqueName } from '@baton/testing';
import { Pool } from 'pg';
import { runCaptured } from '../testing';

describeWithPostgres('baton analytics rebuild on PostgreSQL', () => {
  const [eventsSchema, definitionSchema, ownershipSchema, schema] = [
    uniqueName('cli_es'),
    uniqueName('cli_def'),
    uniqueName('cli_own'),
    uniqueName('cli_rm'),
  ];
  afterAll(async () => {
    const pool = new Pool({ connectionString: databaseUrl(), max: 1 });
    for (const s of [eventsSchema, definitionSchema, ownershipSchema, schema])
      await pool.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
    await pool.end();
  });

  it("replays each service's schema into the analytics schema and ends at its head", async () => {
    const store = await openPostgresEventStore({ connectionString: databaseUrl(), schema: eventsSchema });
    const instanceId = 'i1';
    await store.append(
      `instance-${instanceId}`,
      [
        {
          eventId: 'e1',
          type: 'InstanceStarted',
          data: { instanceId, definitionId: 'po', definitionVersion: 1, businessKey: 'PO-1', data: {} },
        },
      ],
      noStream,
    );
    await store.append(
      'execution-known-definition-po',
      [{ eventId: 'e2', type: 'Other', data: {} }],
      noStream,
    );
    const head = await store.headPosition();
    await store.close();
    // The definition and ownership services' own schemas: one event each.
    const heads: string[] = [];
    for (const [s, streamId, type, data] of [
      [definitionSchema, 'definition-po', 'DefinitionDeprecated', { definitionId: 'po', reason: 'old' }],
      [ownershipSchema, 'directory', 'TeamCreated', { teamId: 'sales', name: 'Sales' }],
    ] as const) {
      const other = await openPostgresEventStore({ connectionString: databaseUrl(), schema: s });
      await other.append(streamId, [{ eventId: `${s}-1`, type, data }], noStream);
      heads.push((await other.headPosition()).toString());
      await other.close();
    }

    const argv = ['--json', 'analytics', 'rebuild', '--store', 'postgres', '--events-schema', eventsSchema];
    const schemas = ['--definition-schema', definitionSchema, '--ownership-schema', ownershipSchema];
    const rebuilt = await runCaptured([...argv, ...schemas, '--schema', schema], {
      DATABASE_URL: databaseUrl(),
    });
    expect(rebuilt.err).not.toContain('ERROR');
    expect(rebuilt.code).toBe(0);
    expect(JSON.parse(rebuilt.out).rebuilt).toEqual([
      // First, since the statistics read the calendars in force (none here: ownership's head).
      expect.objectContaining({ projection: 'calendars', events: 0, checkpoint: heads[1] }),
      expect.objectContaining({ projection: 'audit-trail', events: 1, checkpoint: head.toString() }),
      expect.objectContaining({ projection: 'statistics', events: 1, checkpoint: head.toString() }),
      expect.objectContaining({ projection: 'definitions', events: 1, checkpoint: heads[0] }),
      expect.objectContaining({ projection: 'directory', events: 1, checkpoint: heads[1] }),
    ]);
  });

  it('needs a connection string', async () => {
    const missing = await runCaptured(['analytics', 'rebuild', '--store', 'postgres'], {});
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('--store postgres needs --database-url or DATABASE_URL');
  });
});
