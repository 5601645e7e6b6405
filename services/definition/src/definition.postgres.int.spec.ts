import { definitionV1 } from '@baton/contracts';
import { runtimeConfigFromEnv } from '@baton/service-kit';
import { databaseUrl, describeWithPostgres, uniqueName } from '@baton/testing';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { publishReferenceDefinitions } from './seed/publish-reference-definitions';
import { startDefinitionService, type DefinitionTestService } from './testing/definition-test-service';

jest.setTimeout(60_000);

const EXAMPLES = join(__dirname, '../../../examples');
const budget = readFileSync(join(EXAMPLES, 'budget-approval.yaml'), 'utf8');
const yaml = (text: string) =>
  definitionV1.DefinitionSource.fromPartial({ format: definitionV1.SourceFormat.SOURCE_FORMAT_YAML, text });

describeWithPostgres('Definition service on PostgreSQL (real server)', () => {
  const schema = uniqueName('definition_int');
  // The runtime as a distributed definition process reads it from its environment.
  const config = runtimeConfigFromEnv('definition', {
    BATON_STORE: 'postgres',
    DATABASE_URL: databaseUrl(),
    BATON_PG_SCHEMA: schema,
    BATON_BUS: 'in-process',
  });
  let svc: DefinitionTestService | undefined;

  afterEach(async () => {
    await svc?.stop();
    svc = undefined;
  });

  afterAll(async () => {
    const pg = new Client({ connectionString: databaseUrl() });
    await pg.connect();
    try {
      await pg.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    } finally {
      await pg.end();
    }
  });

  it('keeps published and deprecated versions across a reopened app, and seeds idempotently', async () => {
    expect(config.store).toMatchObject({ kind: 'postgres', schema });
    svc = await startDefinitionService(config);
    const seeded = await publishReferenceDefinitions(svc.app, EXAMPLES);
    expect(seeded.map((s) => s.version)).toEqual([1, 1, 1, 1, 1]);
    const v2 = await svc.publish({
      source: yaml(budget.replace('deadline: P3D', 'deadline: P2D')),
      changeNote: 'faster',
      idempotencyKey: 'budget-v2',
    });
    expect(v2.definitionVersion?.version).toBe(2);
    await svc.deprecate({ definitionId: 'budget-approval', version: 1, reason: 'superseded' });
    const before = await svc.list({ showDeprecated: true, pageSize: 1000 });
    await svc.stop();

    svc = await startDefinitionService(config);
    // The catalog was rebuilt from the PostgreSQL streams.
    const got = await svc.get({ definitionId: 'budget-approval' });
    expect(got.definitionVersion).toMatchObject({ version: 2, changeNote: 'faster' });
    expect(got.definitionVersion?.source?.text).toContain('deadline: P2D');
    const v1 = await svc.get({ definitionId: 'budget-approval', version: 1 });
    expect(v1.definitionVersion).toMatchObject({
      state: definitionV1.DefinitionState.DEFINITION_STATE_DEPRECATED,
      deprecationReason: 'superseded',
    });
    const after = await svc.list({ showDeprecated: true, pageSize: 1000 });
    expect(after).toEqual(before);
    expect(after.definitionVersions).toHaveLength(5);
    const versions = await svc.list({ definitionId: 'budget-approval', showDeprecated: true });
    expect(versions.definitionVersions.map((d) => d.version)).toEqual([2, 1]);

    // A retried publish and the start-up seeding record nothing after the restart.
    const retry = await svc.publish({
      source: yaml(budget.replace('deadline: P3D', 'deadline: P2D')),
      changeNote: 'faster',
      idempotencyKey: 'budget-v2',
    });
    expect(retry.definitionVersion?.version).toBe(2);
    const reseeded = await publishReferenceDefinitions(svc.app, EXAMPLES);
    expect(reseeded.find((s) => s.definitionId === 'budget-approval')?.version).toBe(3);
    expect(await svc.runtime.store.streamVersion('definition-order-to-cash')).toBe(1);
  });
});
