import { analyticsV1, EXECUTION_EVENTS_TOPIC } from '@baton/contracts';
import { protobufEventMapper, topicForStream } from '@baton/event-wire';
import type { EventStore } from '@baton/eventstore';
import { InProcessMessageBus, type Relay } from '@baton/messaging';
import { startServiceRelay } from '@baton/service-kit';
import { GetAuditTrail, GetAuditTrailHandler } from '../audit-trail/get-audit-trail.query';
import { AUDIT_TRAIL, auditTrailProjection } from '../audit-trail/audit-trail.projection';
import { appliedThrough, loadCheckpoints, partitionSource } from '../projections/checkpoints';
import type { Projection } from '../projections/projection';
import { ProjectionRunner } from '../projections/projection-runner';
import { rebuildProjection, rebuildProjections } from '../projections/rebuild-projection';
import type { ReadModelStore, TableSpec } from '../read-model-store/read-model-store.port';
import {
  DEFINITION_VERSIONS,
  definitionCatalogProjection,
} from '../definitions/definition-catalog.projection';
import { directoryProjection } from '../directory/directory.projection';
import { GetHandoffStatsHandler } from '../statistics/queries/get-handoff-stats.query';
import { statisticsProjection, statisticsRebuildFold } from '../statistics/statistics.projection';
import { getHandoffStats } from '../statistics/statistics.requests';
import { INSTANCE_PROGRESS, RUNNING_EVENTS, SLA_BREACHES } from '../statistics/statistics.tables';
import { appendClaimsContext, appendEvents, CLAIMS } from './claims-process';
import { appendSampleInstance, type SampleEnding, type SampleInstance } from './sample-instances';
import { statisticsAnswers } from './statistics-answers';

/** An event store and a way to open read-model stores: fresh per test, any number of connections. */
export interface ProjectionWorld {
  readonly events: EventStore;
  /** Another connection to the test's read-model database. */
  readonly readModels: () => Promise<ReadModelStore>;
  /** A connection to another, empty read-model database. */
  readonly otherReadModels: () => Promise<ReadModelStore>;
  readonly dispose: () => Promise<void>;
}

const ENDINGS: readonly SampleEnding[] = ['completed', 'running', 'completed', 'cancelled'];
const T0 = Date.UTC(2026, 10, 2, 8);
const DAY = 86_400_000;
/** A table a later version of the audit trail might add. */
const EXTRA_TABLE: TableSpec = { name: 'audit_extra', columns: { id: 'text' }, primaryKey: ['id'] };
const sample = (n: number): SampleInstance => ({
  instanceId: `i-${String(n).padStart(4, '0')}`,
  startedAt: T0 + n * 7 * 60_000,
  seed: n,
  ending: ENDINGS[n % ENDINGS.length] as SampleEnding,
});
/** The statistics and the catalogs their queries join: rebuilt and compared together. */
const STATISTICS = [statisticsProjection, definitionCatalogProjection, directoryProjection] as const;
/**
 * The statistics' summed tables, rollups included (all but its per-instance working tables): live
 * and rebuilt rows are equal, not only their answers.
 */
const SUMMED_TABLES = statisticsProjection.tables.filter(
  (table) => table !== INSTANCE_PROGRESS && table !== RUNNING_EVENTS,
);

/** A projection that records what it was given, to tell a repeat from a first time. */
function recording(inner: Projection, failFirst = false) {
  const applied: string[] = [];
  let failures = failFirst ? 1 : 0;
  const projection: Projection = {
    ...inner,
    async apply(tx, events) {
      await inner.apply(tx, events);
      if (failures-- > 0) throw new Error('the batch fails once, after its writes');
      applied.push(...events.map(({ event }) => `${event.streamId}@${event.streamVersion}`));
    },
  };
  return { projection, applied };
}

/** Waits for `check`, generously: two cores may be busy with other work. */
async function eventually(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/**
 * The projection runner and the rebuild on one read-model adapter: live equals rebuilt byte for
 * byte, nothing is applied twice across redeliveries and restarts, checkpoints commit with rows.
 */
export function projectionScenarios(name: string, factory: () => Promise<ProjectionWorld>): void {
  jest.setTimeout(30_000);
  describe(`Analytics projections on ${name}`, () => {
    let world: ProjectionWorld;
    let bus: InProcessMessageBus;
    let relay: Relay;
    const opened: ReadModelStore[] = [];
    const runners: ProjectionRunner[] = [];

    const open = async (other = false) => {
      const store = await (other ? world.otherReadModels() : world.readModels());
      opened.push(store);
      return store;
    };
    /** The in-process bus and relay as the embedded host has them: a restart begins them anew. */
    const startBus = async () => {
      bus = new InProcessMessageBus();
      relay = await startServiceRelay({
        store: world.events,
        checkpoints: { load: async () => undefined, save: async () => undefined },
        bus,
        service: 'execution',
        streamPrefixes: ['instance-', 'definition-', 'directory'],
        toMessage: protobufEventMapper((event) => topicForStream(event.streamId)),
      });
    };
    const stopBus = async () => {
      await relay.stop();
      await bus.close();
    };
    const run = async (store: ReadModelStore, projection: Projection = auditTrailProjection) => {
      const runner = new ProjectionRunner({
        bus,
        store,
        projection,
        groupId: `analytics-${projection.name}`,
      });
      runners.push(runner);
      await runner.start();
      return runner;
    };
    /** Waits for the live projection to have applied the last event of its streams. */
    const caughtUp = async (store: ReadModelStore, projection: Projection = auditTrailProjection) => {
      const mine = await world.events.readAll({ after: 0n, streamPrefixes: projection.streamPrefixes });
      const last = mine[mine.length - 1]?.globalPosition ?? 0n;
      const source = partitionSource(projection.topics[0] as string, 0);
      await eventually(
        async () => appliedThrough(await loadCheckpoints(store, projection.name), source) >= last,
        `the live ${projection.name} projection to catch up`,
      );
    };
    const answers = async (store: ReadModelStore, instances: number) => {
      // GetAuditTrail reads the definition catalog (for redaction): the service always has its table.
      await store.ensureTables([DEFINITION_VERSIONS]);
      const handler = new GetAuditTrailHandler(store);
      const pages = [];
      for (let n = 0; n < instances; n++) {
        pages.push(await handler.execute(new GetAuditTrail(sample(n).instanceId, 3, 0, 'default')));
        pages.push(await handler.execute(new GetAuditTrail(sample(n).instanceId, 1000, 3, 'default')));
      }
      return { pages, rows: await store.range(AUDIT_TRAIL, { where: {} }) };
    };

    beforeEach(async () => {
      world = await factory();
      await startBus();
    });
    afterEach(async () => {
      await Promise.all(runners.splice(0).map((r) => r.stop()));
      await stopBus();
      await Promise.all(opened.splice(0).map((s) => s.close()));
      await world.dispose();
    });

    it('answers byte for byte the same from the live projection and from a rebuild by replay', async () => {
      for (let n = 0; n < 24; n++) await appendSampleInstance(world.events, sample(n));
      const live = await open();
      await run(live);
      await caughtUp(live);

      const progress: number[] = [];
      const rebuilt = await open(true);
      const result = await rebuildProjection({
        events: world.events,
        readModels: rebuilt,
        projection: auditTrailProjection,
        chunkSize: 50,
        onProgress: (p) => progress.push(p.events),
      });
      expect(result).toEqual({
        events: (await live.range(AUDIT_TRAIL, { where: {} })).length,
        position: await world.events.headPosition(),
      });
      expect(progress.length).toBeGreaterThan(2);
      expect(await answers(rebuilt, 24)).toEqual(await answers(live, 24));
      expect((await answers(live, 24)).rows.every((row) => Buffer.isBuffer(row['envelope']))).toBe(true);
    });

    it('answers every statistics query byte for byte the same live and rebuilt, the live runners having seen instances in pieces', async () => {
      const live = await open();
      for (const projection of STATISTICS) await run(live, projection);
      // Half of each instance first, the rest later: the live projection gets them in pieces. The
      // claims (parallel branches, a join, a rework loop, reassignments, overdue and escalated
      // steps) arrive before their definitions and the directory, the rest after.
      const half = (events: readonly unknown[]) => Math.ceil(events.length / 2);
      for (let n = 0; n < 24; n++) await appendSampleInstance(world.events, sample(n), { to: 5 });
      for (const [i, claim] of CLAIMS.entries())
        await appendEvents(world.events, `instance-c${i + 1}`, claim, { to: half(claim) });
      for (const projection of STATISTICS) await caughtUp(live, projection);
      await appendClaimsContext(world.events);
      for (let n = 0; n < 24; n++) await appendSampleInstance(world.events, sample(n), { from: 6 });
      for (const [i, claim] of CLAIMS.entries())
        await appendEvents(world.events, `instance-c${i + 1}`, claim, { from: half(claim) + 1 });
      for (const projection of STATISTICS) await caughtUp(live, projection);

      // One projection at a time, reading stream by stream (small pages cut instances in two);
      // and all at once from one read in store order.
      const rebuilt = await open(true);
      for (const projection of STATISTICS)
        await rebuildProjection({ events: world.events, readModels: rebuilt, projection, chunkSize: 7 });
      const together = await open(true);
      await rebuildProjections({
        events: world.events,
        readModels: together,
        projections: STATISTICS,
        order: 'store',
      });
      // And with the rebuild's held sums written every few rows (a long rebuild's memory bound).
      const flushing = await open(true);
      await rebuildProjections({
        events: world.events,
        readModels: flushing,
        projections: [{ ...statisticsProjection, rebuildFold: () => statisticsRebuildFold(3) }],
        chunkSize: 11,
      });
      const window = { from: T0 - DAY, days: 8 };
      const now = T0 + 10 * DAY;
      const answered = await statisticsAnswers(live, window, now);
      expect(await statisticsAnswers(rebuilt, window, now)).toEqual(answered);
      expect(await statisticsAnswers(together, window, now)).toEqual(answered);
      for (const table of SUMMED_TABLES) {
        const rows = await live.range(table, { where: {} });
        expect([table.name, rows.length > 0]).toEqual([table.name, true]);
        expect(await rebuilt.range(table, { where: {} })).toEqual(rows);
        expect(await together.range(table, { where: {} })).toEqual(rows);
        expect(await flushing.range(table, { where: {} })).toEqual(rows);
      }
      // Not vacuous: every query found something.
      for (const [query, responses] of Object.entries(answered))
        expect([query, responses.every((bytes) => bytes.length > 0)]).toEqual([query, true]);
      expect((await live.range(SLA_BREACHES, { where: {} })).length).toBe(4);
      // Nor for handoff SLAs, which only the events carry: po's review → approve (5 minutes) was met
      // by 4 of the 12 completed samples (2 of them exactly at the deadline), missed by 8 by 48 min.
      const po = await new GetHandoffStatsHandler(live).execute(
        getHandoffStats(analyticsV1.GetHandoffStatsRequest.fromPartial({ filter: { definitionId: 'po' } })),
      );
      const edge = po.handoffs.find((h) => h.toStepId === 'approve')?.total;
      expect([edge?.count, edge?.slaBreachCount, edge?.slaBreachRate, edge?.totalOverrun]).toEqual([
        '12',
        '8',
        8 / 12,
        { seconds: String(48 * 60), nanos: 0 },
      ]);
    });

    it('rebuilds in place while the live runner and the writers go on, and the live runner continues from the swap', async () => {
      for (let n = 0; n < 10; n++) await appendSampleInstance(world.events, sample(n), { to: 4 });
      const live = await open();
      const { projection, applied } = recording(auditTrailProjection);
      await run(live, projection);
      await caughtUp(live);

      // The CLI's own connection, as another process.
      const cli = await open();
      const writing = (async () => {
        for (let n = 0; n < 10; n++) await appendSampleInstance(world.events, sample(n), { from: 5 });
        for (let n = 10; n < 16; n++) await appendSampleInstance(world.events, sample(n));
      })();
      await rebuildProjection({
        events: world.events,
        readModels: cli,
        projection: auditTrailProjection,
        chunkSize: 7,
      });
      await writing;
      await caughtUp(live);

      const fresh = await open(true);
      await rebuildProjection({ events: world.events, readModels: fresh, projection: auditTrailProjection });
      expect(await answers(live, 16)).toEqual(await answers(fresh, 16));
      expect(new Set(applied).size).toBe(applied.length);
    });

    it('applies each event once across a failed batch, redeliveries and a restart that replays the topic', async () => {
      for (let n = 0; n < 8; n++) await appendSampleInstance(world.events, sample(n));
      const store = await open();
      const { projection, applied } = recording(auditTrailProjection, true);
      const runner = await run(store, projection);
      await caughtUp(store);
      const head = await world.events.headPosition();
      const rows = (await store.range(AUDIT_TRAIL, { where: {} })).length;
      expect(applied).toHaveLength(rows);

      // The embedded host restarted: a new bus, its relay publishing the store from the start.
      await runner.stop();
      await stopBus();
      await startBus();
      await run(store, projection);
      for (let n = 8; n < 10; n++) await appendSampleInstance(world.events, sample(n));
      await caughtUp(store);
      expect(await world.events.headPosition()).toBeGreaterThan(head);
      expect(new Set(applied).size).toBe(applied.length);
      expect(applied).toHaveLength((await store.range(AUDIT_TRAIL, { where: {} })).length);
    });

    it('stops a projection that an upgrade gave new tables until a rebuild fills them from the history', async () => {
      for (let n = 0; n < 3; n++) await appendSampleInstance(world.events, sample(n));
      const store = await open();
      const older = { ...auditTrailProjection, tables: auditTrailProjection.tables.slice(0, 1) };
      const first = await run(store, older);
      await caughtUp(store);
      await first.stop();
      // The next version keeps one more table: it would hold only what happens from now on.
      const rebuildMessage = /read model audit-trail has tables that are newer than its history: rebuild it/;
      const newer: Projection = { ...auditTrailProjection, tables: [...older.tables, EXTRA_TABLE] };
      await expect(run(store, newer)).rejects.toThrow(rebuildMessage);
      await expect(run(store, newer)).rejects.toThrow(rebuildMessage); // and still after a restart
      await rebuildProjection({ events: world.events, readModels: store, projection: newer });
      await run(store, newer);
      await caughtUp(store, newer);
    });

    it('skips a message no retry can read and goes on', async () => {
      const store = await open();
      const skipped: string[] = [];
      const runner = new ProjectionRunner({
        bus,
        store,
        projection: auditTrailProjection,
        groupId: 'g',
        onSkipped: (_message, reason) => skipped.push(reason),
      });
      runners.push(runner);
      await runner.start();
      await bus.publish(EXECUTION_EVENTS_TOPIC, [
        { key: 'instance-x', value: Buffer.from('?'), headers: {} },
      ]);
      await appendSampleInstance(world.events, sample(0));
      await caughtUp(store);
      expect(skipped).toEqual([expect.stringContaining('content-type')]);
    });
  });
}
