import { analyticsV1 } from '@baton/contracts';
import { openSqliteEventStore, type EventStore } from '@baton/eventstore';
import { definitionCatalogProjection } from '../definitions/definition-catalog.projection';
import { DefinitionCatalog } from '../definitions/definition-catalog';
import { DirectoryView } from '../directory/directory-view';
import { DIRECTORY_PEOPLE, directoryProjection } from '../directory/directory.projection';
import { rebuildProjection } from '../projections/rebuild-projection';
import type { ReadModelStore } from '../read-model-store/read-model-store.port';
import { openSqliteReadModelStore } from '../read-model-store/sqlite/sqlite-read-model-store';
import {
  appendClaimsContext,
  appendEvents,
  CLAIMS,
  CLAIMS_T0,
  DIRECTORY_EVENTS,
} from '../testing/claims-process';
import { statisticsAnswers } from '../testing/statistics-answers';
import { STATS_VERSIONS } from './rollup.tables';
import { GetStepStatsHandler } from './queries/get-step-stats.query';
import { statisticsProjection } from './statistics.projection';
import { getStepStats } from './statistics.requests';
import { INSTANCE_PROGRESS } from './statistics.tables';

// Issue 9: the claims of testing/claims-process.ts recorded by tenant `acme` beside the default
// tenant's, and every statistics query (statisticsAnswers: each in several shapes) asked by each.
const DAY = 86_400_000;
const WINDOW = { from: CLAIMS_T0 - DAY, days: 7 };
const NOW = CLAIMS_T0 + 10 * DAY;
const PROJECTIONS = [statisticsProjection, definitionCatalogProjection, directoryProjection];

/**
 * The claims, their definitions and directory, in each tenant's streams; each tenant's instances
 * have ids of their own (`{prefix}c1`…: instance ids are unique across tenants, UUIDs in Baton).
 */
async function storeOf(tenants: Readonly<Record<string, string>>): Promise<EventStore> {
  const events = await openSqliteEventStore({ file: ':memory:' });
  for (const [tenant, prefix] of Object.entries(tenants)) {
    await appendClaimsContext(events, tenant);
    for (const claim of CLAIMS) {
      const instanceId = `${prefix}${(claim[0]?.data as { instanceId: string }).instanceId}`;
      const renamed = claim.map((e) => ({ ...e, data: { ...e.data, instanceId } }));
      await appendEvents(events, `instance-${instanceId}`, renamed, {}, tenant);
    }
  }
  return events;
}

/**
 * The answers with the breaches' page tokens blanked: a token is bound to the caller's tenant (so
 * tenants' tokens differ); what the next page holds is compared all the same.
 */
function withoutPageTokens(answers: Record<string, Buffer[]>): Record<string, Buffer[]> {
  const { GetSlaBreachesResponse: T } = analyticsV1;
  const breaches = (answers['breaches'] ?? []).map((bytes) =>
    Buffer.from(T.encode({ ...T.decode(bytes), nextPageToken: '' }).finish()),
  );
  return { ...answers, breaches };
}

/** Read models replayed from the store, in chunks of `chunkSize` events. */
async function readModelsOf(events: EventStore, chunkSize: number): Promise<ReadModelStore> {
  const readModels = openSqliteReadModelStore({ file: ':memory:' });
  for (const projection of PROJECTIONS)
    await rebuildProjection({ events, readModels, projection, chunkSize });
  return readModels;
}

describe('Analytics statistics scoped by tenant', () => {
  const opened: { close(): Promise<void> }[] = [];
  const stores: Record<'empty' | 'single' | 'singleP' | 'acmeOnly' | 'mixed', ReadModelStore> = {} as never;
  let mixedEvents: EventStore;
  const answers = async (store: ReadModelStore, tenant?: string) =>
    withoutPageTokens(await statisticsAnswers(store, WINDOW, NOW, tenant));

  beforeAll(async () => {
    const sources = {
      empty: await storeOf({}),
      single: await storeOf({ default: '' }),
      singleP: await storeOf({ default: 'p-' }),
      acmeOnly: await storeOf({ acme: 'p-' }),
      mixed: await storeOf({ default: '', acme: 'p-' }),
    };
    mixedEvents = sources.mixed;
    // A person only acme's directory has, and a team only the default tenant's has.
    const only = (type: string, data: Record<string, string>) => ({ type, data, at: CLAIMS_T0 - 9 * DAY });
    const next = { from: DIRECTORY_EVENTS.length + 1 };
    await appendEvents(
      mixedEvents,
      'directory-acme',
      [...DIRECTORY_EVENTS, only('PersonRegistered', { personId: 'zed', name: 'Zed of Acme' })],
      next,
      'acme',
    );
    await appendEvents(
      mixedEvents,
      'directory',
      [...DIRECTORY_EVENTS, only('TeamCreated', { teamId: 'vault', name: 'Default vault' })],
      next,
    );
    for (const [name, events] of Object.entries(sources)) {
      opened.push(events);
      // Small chunks: each claim reaches the statistics in several transactions.
      const readModels = await readModelsOf(events, 7);
      opened.push(readModels);
      stores[name as keyof typeof stores] = readModels;
    }
  });
  afterAll(async () => {
    for (const o of opened.reverse()) await o.close();
  });

  it('keys the other tenant’s rows by its scoped names, the default tenant’s as before', async () => {
    const versions = await stores.mixed.range(STATS_VERSIONS, { where: {} });
    expect(versions.map((v) => `${v['definition_id']}@${v['definition_version']}`)).toEqual([
      'acme/claims@1',
      'acme/claims@2',
      'claims@1',
      'claims@2',
    ]);
    const people = await stores.mixed.range(DIRECTORY_PEOPLE, { where: { person_id: 'acme/amy' } });
    expect(people).toHaveLength(1);
    expect(await stores.single.range(STATS_VERSIONS, { where: {} })).toEqual(
      versions.filter((v) => !String(v['definition_id']).startsWith('acme/')),
    );
  });

  it('loads each tenant its own directory and definition catalog, by the ids it names them with', async () => {
    const [acme, own, beta] = await Promise.all(
      ['acme', 'default', 'beta'].map((tenant) => DirectoryView.load(stores.mixed, tenant)),
    );
    expect([acme?.personName('zed'), acme?.teamName('vault'), acme?.memberCount('intake')]).toEqual([
      'Zed of Acme',
      '',
      2,
    ]);
    expect([own?.personName('zed'), own?.teamName('vault'), own?.memberCount('intake')]).toEqual([
      '',
      'Default vault',
      2,
    ]);
    expect([beta?.personName('amy'), beta?.memberCount('intake')]).toEqual(['', 0]);
    const catalogs = await Promise.all(
      ['acme', 'default', 'beta'].map((tenant) => DefinitionCatalog.load(stores.mixed, undefined, tenant)),
    );
    expect(catalogs.map((c) => c.versions('claims'))).toEqual([[1, 2], [1, 2], []]);
    expect((await DefinitionCatalog.load(stores.mixed, 'claims', 'beta')).versions('claims')).toEqual([]);
  });

  it('answers a tenant with its own figures, named as it names them, as if it were alone', async () => {
    const alone = await answers(stores.single);
    const empty = await answers(stores.empty);
    // Every query finds something in the claims (so the comparisons below can fail).
    for (const [query, list] of Object.entries(alone))
      expect([query, list]).not.toEqual([query, empty[query]]);
    expect(await answers(stores.mixed, 'default')).toEqual(alone);
    // acme's instances are p-c1…: answered as the default tenant's would be with those ids.
    const aloneP = await answers(stores.singleP);
    expect(await answers(stores.acmeOnly, 'acme')).toEqual(aloneP);
    expect(await answers(stores.mixed, 'acme')).toEqual(aloneP);
  });

  it('shows another tenant nothing of them: exactly the answers of an empty read model', async () => {
    const empty = await answers(stores.empty, 'beta');
    expect(await answers(stores.mixed, 'beta')).toEqual(empty);
    expect(await answers(stores.acmeOnly, 'beta')).toEqual(empty);
    // Nor the default tenant anything of acme's (its definition, team and people ids are the same).
    expect(await answers(stores.acmeOnly, 'default')).toEqual(await answers(stores.empty));
    // A definition id spelt as a scoped key finds that key's rows, which are not the caller's.
    const steps = new GetStepStatsHandler(stores.mixed);
    for (const [tenant, definitionId] of [
      ['default', 'acme/claims'],
      ['beta', 'acme/claims'],
      ['acme', 'acme/claims'],
    ] as const) {
      const asked = getStepStats(
        analyticsV1.GetStepStatsRequest.fromPartial({ filter: { definitionId } }),
        tenant,
      );
      expect([tenant, (await steps.execute(asked)).steps]).toEqual([tenant, []]);
    }
    const own = getStepStats(
      analyticsV1.GetStepStatsRequest.fromPartial({ filter: { definitionId: 'claims' } }),
      'acme',
    );
    expect((await steps.execute(own)).steps.length).toBeGreaterThan(0);
  });

  it('rebuilds the scoped rows byte for byte whatever the chunks', async () => {
    const whole = await readModelsOf(mixedEvents, 100_000);
    opened.push(whole);
    // An open instance's progress lists what it counted in the order its chunks counted it.
    for (const projection of PROJECTIONS)
      for (const table of projection.tables.filter((t) => t !== INSTANCE_PROGRESS))
        expect([table.name, await whole.range(table, { where: {} })]).toEqual([
          table.name,
          await stores.mixed.range(table, { where: {} }),
        ]);
  });
});
