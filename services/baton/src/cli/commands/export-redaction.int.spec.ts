import { anyVersion, openPostgresEventStore, type EventStore } from '@baton/eventstore';
import { databaseUrl, describeWithPostgres, uniqueName } from '@baton/testing';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { runCaptured } from '../testing';

jest.setTimeout(60_000);

/** A payroll definition whose correlation key (the business key) is sensitive in version 1 only. */
const source = (sensitive: boolean) => `
id: payroll-change
name: Payroll change
category: support
owner: { team: payroll }
trigger:
  event: hr.salary.changed
  correlationKey: employeeId
  requires: [{ name: employeeId, sensitive: ${sensitive} }]
steps:
  - { id: approve, owner: { team: payroll }, deadline: P1D }
handoffs:
  - { from: start, to: approve, owner: { team: payroll }, data: [] }
  - { from: approve, to: end, on: completed }
`;

const uuid = (n: number) => `0190f0a0-0000-7000-8000-${String(n).padStart(12, '0')}`;

describeWithPostgres('baton export on PostgreSQL, sensitive fields from the definition schema', () => {
  const events = uniqueName('export_exec');
  const definitions = uniqueName('export_def');
  // A schema nobody wrote to (opening it creates it empty).
  const empty = uniqueName('export_none');
  const dir = mkdtempSync(join(tmpdir(), 'baton-export-pg-'));
  const stores: EventStore[] = [];

  const exported = async (definitionSchema: string) => {
    const out = join(dir, `${definitionSchema}.xes`);
    const run = await runCaptured([
      'export',
      '--store',
      'postgres',
      '--database-url',
      databaseUrl(),
      '--events-schema',
      events,
      '--definition-schema',
      definitionSchema,
      '--definition',
      'payroll-change',
      '--out',
      out,
      '--json',
    ]);
    expect(run.err).toBe('');
    return { summary: JSON.parse(run.out) as Record<string, unknown>, log: readFileSync(out, 'utf8') };
  };

  beforeAll(async () => {
    const connectionString = databaseUrl();
    const definitionStore = await openPostgresEventStore({ connectionString, schema: definitions });
    const executionStore = await openPostgresEventStore({ connectionString, schema: events });
    stores.push(definitionStore, executionStore);
    await definitionStore.append(
      'definition-payroll-change',
      [1, 2].map((version) => ({
        eventId: uuid(version),
        type: 'DefinitionVersionPublished',
        data: {
          definitionId: 'payroll-change',
          version,
          contentSha256: 'x',
          source: { format: 'yaml', text: source(version === 1) },
          findings: [],
        },
        occurredAt: new Date(0),
      })),
      anyVersion,
    );
    for (const [n, version, key] of [
      [1, 1, 'EMP-SECRET-1'],
      [2, 2, 'EMP-PLAIN-2'],
    ] as const) {
      await executionStore.append(
        `instance-i${n}`,
        [
          {
            eventId: uuid(100 + n),
            type: 'InstanceStarted',
            data: {
              instanceId: `i${n}`,
              definitionId: 'payroll-change',
              definitionVersion: version,
              businessKey: key,
              data: { employeeId: key },
            },
            occurredAt: new Date(Date.UTC(2026, 10, n)),
          },
        ],
        anyVersion,
      );
    }
  });

  afterAll(async () => {
    await Promise.all(stores.map((s) => s.close()));
    const pg = new Client({ connectionString: databaseUrl() });
    await pg.connect();
    try {
      for (const schema of [events, definitions, empty])
        await pg.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    } finally {
      await pg.end();
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('redacts the business key of the version that marks it sensitive, not of the other', async () => {
    const { summary, log } = await exported(definitions);
    expect(summary).toMatchObject({ instances: 2, withoutDefinition: 0 });
    expect(log).not.toContain('EMP-SECRET-1');
    expect(log).toContain('EMP-PLAIN-2');
    expect(log).toContain('[redacted]');
  });

  it('redacts everything of versions it cannot find (a wrong --definition-schema), and counts them', async () => {
    const { summary, log } = await exported(empty);
    expect(summary).toMatchObject({ instances: 2, withoutDefinition: 2 });
    expect(log).not.toContain('EMP-SECRET-1');
    expect(log).not.toContain('EMP-PLAIN-2');
  });
});
