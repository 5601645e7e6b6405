import { analyticsV1, EXECUTION_EVENTS_TOPIC } from '@baton/contracts';
import { protobufEventMapper } from '@baton/event-wire';
import type { EventStore } from '@baton/eventstore';
import { InProcessMessageBus, type Relay } from '@baton/messaging';
import { startServiceRelay } from '@baton/service-kit';
import { GetAuditTrail, GetAuditTrailHandler } from '../audit-trail/get-audit-trail.query';
import { AUDIT_TRAIL, auditTrailProjection } from '../audit-trail/audit-trail.projection';
import { appliedThrough, loadCheckpoints, partitionSource } from '../projections/checkpoints';
import type { Projection } from '../projections/projection';
import { ProjectionRunner } from '../projections/projection-runner';
import { rebuildProjection } from '../projections/rebuild-projection';
import type { ReadModelStore } from '../read-model-store/read-model-store.port';
import { GetBottlenecksHandler } from '../statistics/queries/get-bottlenecks.query';
import { GetCycleTimesHandler } from '../statistics/queries/get-cycle-times.query';
import { GetHandoffStatsHandler } from '../statistics/queries/get-handoff-stats.query';
import { GetStepStatsHandler } from '../statistics/queries/get-step-stats.query';
import { statisticsProjection } from '../statistics/statistics.projection';
import {
  getBottlenecks,
  getCycleTimes,
  getHandoffStats,
  getStepStats,
} from '../statistics/statistics.requests';
import { appendSampleInstance, type SampleEnding, type SampleInstance } from './sample-instances';

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
const sample = (n: number): SampleInstance => ({
  instanceId: `i-${String(n).padStart(4, '0')}`,
  startedAt: T0 + n * 7 * 60_000,
  seed: n,
  ending: ENDINGS[n % ENDINGS.length] as SampleEnding,
});
const SOURCE = partitionSource(EXECUTION_EVENTS_TOPIC, 0);

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
        streamPrefixes: ['instance-'],
        toMessage: protobufEventMapper(() => EXECUTION_EVENTS_TOPIC),
      });
    };
    const stopBus = async () => {
      await relay.stop();
      await bus.close();
    };
    const run = async (store: ReadModelStore, projection: Projection = auditTrailProjection) => {
      const runner = new ProjectionRunner({ bus, store, projection, groupId: 'analytics-audit-trail' });
      runners.push(runner);
      await runner.start();
      return runner;
    };
    const caughtUp = async (store: ReadModelStore, projection: Projection = auditTrailProjection) => {
      const head = await world.events.headPosition();
      await eventually(
        async () => appliedThrough(await loadCheckpoints(store, projection.name), SOURCE) >= head,
        `the live ${projection.name} projection to catch up`,
      );
    };
    /** Every statistics query, in a few shapes. */
    const statistics = async (store: ReadModelStore) => {
      const filter = { timeWindow: { startTime: new Date(T0 - DAY), endTime: new Date(T0 + 2 * DAY) } };
      const groupings = Object.values(analyticsV1.HandoffGrouping).filter(
        (g): g is number => typeof g === 'number' && g >= 0,
      );
      return {
        handoffs: await Promise.all(
          groupings.map((groupBy) =>
            new GetHandoffStatsHandler(store).execute(
              getHandoffStats(analyticsV1.GetHandoffStatsRequest.fromPartial({ groupBy })),
            ),
          ),
        ),
        steps: await new GetStepStatsHandler(store).execute(
          getStepStats(analyticsV1.GetStepStatsRequest.fromPartial({})),
        ),
        bottlenecks: await new GetBottlenecksHandler(store).execute(
          getBottlenecks(analyticsV1.GetBottlenecksRequest.fromPartial({})),
        ),
        cycleTimes: await new GetCycleTimesHandler(store).execute(
          getCycleTimes(
            analyticsV1.GetCycleTimesRequest.fromPartial({
              filter,
              bucketWidth: { seconds: '86400', nanos: 0 },
            }),
          ),
        ),
      };
    };
    const answers = async (store: ReadModelStore, instances: number) => {
      const handler = new GetAuditTrailHandler(store);
      const pages = [];
      for (let n = 0; n < instances; n++) {
        pages.push(await handler.execute(new GetAuditTrail(sample(n).instanceId, 3, 0)));
        pages.push(await handler.execute(new GetAuditTrail(sample(n).instanceId, 1000, 3)));
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

    it('answers every statistics query the same live and rebuilt, the live runner having seen instances in pieces', async () => {
      const live = await open();
      await run(live, statisticsProjection);
      // Half of each instance first, the rest later: the live projection gets them in pieces.
      for (let n = 0; n < 24; n++) await appendSampleInstance(world.events, sample(n), { to: 5 });
      await caughtUp(live, statisticsProjection);
      for (let n = 0; n < 24; n++) await appendSampleInstance(world.events, sample(n), { from: 6 });
      await caughtUp(live, statisticsProjection);

      const rebuilt = await open(true);
      await rebuildProjection({
        events: world.events,
        readModels: rebuilt,
        projection: statisticsProjection,
      });
      const answered = await statistics(live);
      expect(await statistics(rebuilt)).toEqual(answered);
      expect(answered.cycleTimes.overall?.startedCount).toBe('24');
      expect(answered.handoffs[0]?.handoffs.length).toBeGreaterThan(0);
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
