import { analyticsV1 } from '@baton/contracts';
import { noStream, openSqliteEventStore, type EventStore } from '@baton/eventstore';
import type { ReadModelStore } from '../read-model-store/read-model-store.port';
import { openSqliteReadModelStore } from '../read-model-store/sqlite/sqlite-read-model-store';
import { definitionCatalogProjection } from '../definitions/definition-catalog.projection';
import { directoryProjection } from '../directory/directory.projection';
import { rebuildProjection } from '../projections/rebuild-projection';
import { sampleInstanceEvents, type SampleInstance } from '../testing/sample-instances';
import { GetBottlenecksHandler } from './queries/get-bottlenecks.query';
import { GetCycleTimesHandler } from './queries/get-cycle-times.query';
import { GetHandoffStatsHandler } from './queries/get-handoff-stats.query';
import { GetStepStatsHandler } from './queries/get-step-stats.query';
import { statisticsProjection } from './statistics.projection';
import { getBottlenecks, getCycleTimes, getHandoffStats, getStepStats } from './statistics.requests';

// Sample instances of `po` (see sample-instances.ts), minutes after each one's start, with
// w = 1 + seed % 7 and k = 2 + (seed % 5) · 3:
//   start→review: routing 0, assignment w, pickup 1 (total w + 1); review works k;
//   review→approve: routing 1, assignment 2w − 1, pickup 1 (total 2w + 1); approve works 2k;
//   review elapsed w + 1 + k, approve elapsed 2w + 2k; a completed case takes 3w + 3k + 2.
// Seed 1: w 2, k 5. Seed 2: w 3, k 8. Seed 3 stops in approve (assigned, not started); seed 4 is
// cancelled there. Each starts on its own day: 2 Nov 2026 + seed days.
const MIN = 60_000;
const DAY = 86_400_000;
const T0 = Date.UTC(2026, 10, 2, 9);
const samples: SampleInstance[] = [
  { instanceId: 'i1', startedAt: T0 + DAY, seed: 1 },
  { instanceId: 'i2', startedAt: T0 + 2 * DAY, seed: 2 },
  { instanceId: 'i3', startedAt: T0 + 3 * DAY, seed: 3, ending: 'running' },
  { instanceId: 'i4', startedAt: T0 + 4 * DAY, seed: 4, ending: 'cancelled' },
];
const minutes = (d: { seconds: string; nanos: number } | undefined) =>
  d ? (Number(d.seconds) * 1000 + d.nanos / 1e6) / MIN : undefined;
const MIDNIGHT = Date.UTC(2026, 10, 2);
/** From the start of day `from` to the start of day `until` (days after 2 Nov 2026). */
const window = (from: number, until: number) => ({
  timeWindow: { startTime: new Date(MIDNIGHT + from * DAY), endTime: new Date(MIDNIGHT + until * DAY) },
});

async function recordAll(store: EventStore): Promise<void> {
  // Interleaved across instances, as a busy store records them.
  const streams = samples.map((s) => ({ s, events: sampleInstanceEvents(s), next: 0 }));
  for (let round = 0; streams.some((x) => x.next < x.events.length); round++) {
    for (const x of streams) {
      const e = x.events[x.next];
      if (!e) continue;
      x.next += 1;
      await store.append(
        `instance-${x.s.instanceId}`,
        [{ eventId: `${x.s.instanceId}-${x.next}`, type: e.type, data: e.data, occurredAt: new Date(e.at) }],
        x.next === 1 ? noStream : { kind: 'exact', version: x.next - 1 },
      );
    }
  }
}

describe('Statistics queries', () => {
  let events: EventStore;
  let readModels: ReadModelStore;

  beforeAll(async () => {
    events = await openSqliteEventStore({ file: ':memory:' });
    await recordAll(events);
    readModels = openSqliteReadModelStore({ file: ':memory:' });
    // No definition or directory events here: names stay empty.
    await readModels.ensureTables([...definitionCatalogProjection.tables, ...directoryProjection.tables]);
    // Small transactions: the projection sees each instance in several batches.
    await rebuildProjection({ events, readModels, projection: statisticsProjection, chunkSize: 3 });
  });
  afterAll(async () => {
    await readModels.close();
    await events.close();
  });

  const handoffs = (request: Parameters<typeof analyticsV1.GetHandoffStatsRequest.fromPartial>[0]) =>
    new GetHandoffStatsHandler(readModels).execute(
      getHandoffStats(analyticsV1.GetHandoffStatsRequest.fromPartial(request)),
    );

  it('times each edge, split into routing, assignment and pickup, worst first', async () => {
    const { handoffs: edges } = await handoffs({});
    expect(
      edges.map((e) => [e.fromStepId, e.toStepId, e.total?.count, minutes(e.total?.totalTimeLost)]),
    ).toEqual([
      ['start', 'review', '4', 3 + 4 + 5 + 6],
      ['review', 'approve', '2', 5 + 7],
    ]);
    const reviewToApprove = edges[1];
    expect(reviewToApprove).toMatchObject({
      definitionId: 'po',
      definitionVersion: 1,
      fromTeamId: 'sales',
      toTeamId: 'finance',
      crossTeam: true,
    });
    expect(minutes(reviewToApprove?.routing?.totalTimeLost)).toBe(2);
    expect(minutes(reviewToApprove?.assignment?.totalTimeLost)).toBe(3 + 5);
    expect(minutes(reviewToApprove?.pickup?.totalTimeLost)).toBe(2);
    expect(minutes(reviewToApprove?.total?.max)).toBe(7);
    expect(minutes(reviewToApprove?.total?.p50)).toBeCloseTo(5, 1);
    expect(reviewToApprove?.total?.relativeAccuracy).toBe(0.01);
    // Its SLA (5 minutes, on the events): i1 started approve exactly at the deadline, i2 2 minutes late.
    const { slaBreachCount, slaBreachRate, totalOverrun } = reviewToApprove?.total ?? {};
    expect([slaBreachCount, slaBreachRate, minutes(totalOverrun)]).toEqual(['1', 0.5, 2]);
    expect(edges[0]?.total).toMatchObject({ slaBreachCount: '0', slaBreachRate: 0 });
  });

  it('groups by team pair and by definition, and keeps cross-team handoffs only when asked', async () => {
    const pairs = (await handoffs({ groupBy: analyticsV1.HandoffGrouping.HANDOFF_GROUPING_TEAM_PAIR }))
      .handoffs;
    expect(pairs.map((p) => [p.fromTeamId, p.toTeamId, minutes(p.total?.totalTimeLost)])).toEqual([
      ['(unknown)', 'sales', 18],
      ['sales', 'finance', 12],
    ]);
    const definitions = (await handoffs({ groupBy: analyticsV1.HandoffGrouping.HANDOFF_GROUPING_DEFINITION }))
      .handoffs;
    expect(
      definitions.map((d) => [d.definitionId, d.definitionVersion, minutes(d.total?.totalTimeLost)]),
    ).toEqual([['po', 1, 30]]);
    const crossTeam = (await handoffs({ crossTeamOnly: true })).handoffs;
    expect(crossTeam.map((e) => e.toStepId)).toEqual(['approve']);
  });

  it('filters by team, by time window (whole UTC days) and by version, and pages', async () => {
    const finance = (await handoffs({ filter: { teamId: 'finance' } })).handoffs;
    expect(finance.map((e) => e.toStepId)).toEqual(['approve']);
    // Days 1 and 2 after T0: i1 and i2 only.
    const early = (await handoffs({ filter: { definitionId: 'po', definitionVersion: 1, ...window(1, 3) } }))
      .handoffs;
    expect(early.map((e) => [e.toStepId, e.total?.count])).toEqual([
      ['approve', '2'],
      ['review', '2'],
    ]);
    // A window is widened to whole days: ending 09:00 on day 3 still counts all of day 3 (i3).
    const widened = { startTime: new Date(MIDNIGHT + DAY), endTime: new Date(T0 + 3 * DAY) };
    const days = (await handoffs({ filter: { timeWindow: widened } })).handoffs;
    expect(days.map((e) => [e.toStepId, e.total?.count])).toEqual([
      ['approve', '2'],
      ['review', '3'],
    ]);
    expect((await handoffs({ filter: { definitionId: 'po', definitionVersion: 2 } })).handoffs).toEqual([]);
    const first = await handoffs({ pageSize: 1 });
    const second = await handoffs({ pageSize: 1, pageToken: first.nextPageToken });
    expect([...first.handoffs, ...second.handoffs].map((e) => e.toStepId)).toEqual(['review', 'approve']);
    expect(second.nextPageToken).toBe('');
  });

  it('times steps: waiting (assignment, then pickup), work and cycle time, worst first', async () => {
    const { steps } = await new GetStepStatsHandler(readModels).execute(
      getStepStats(analyticsV1.GetStepStatsRequest.fromPartial({})),
    );
    expect(
      steps.map((s) => [
        s.stepId,
        s.teamId,
        s.completedCount,
        minutes(s.assignmentTime?.totalTimeLost),
        minutes(s.pickupTime?.totalTimeLost),
        minutes(s.waitingTime?.totalTimeLost),
        minutes(s.workTime?.totalTimeLost),
        minutes(s.cycleTime?.totalTimeLost),
      ]),
    ).toEqual([
      ['review', 'sales', '4', 2 + 3 + 4 + 5, 4, 3 + 4 + 5 + 6, 5 + 8 + 11 + 14, 18 + 38],
      ['approve', 'finance', '2', 3 + 5, 2, 4 + 6, 10 + 16, 36],
    ]);
  });

  it('ranks handoffs and step work together by time lost, with their shares', async () => {
    const { bottlenecks } = await new GetBottlenecksHandler(readModels).execute(
      getBottlenecks(analyticsV1.GetBottlenecksRequest.fromPartial({ limit: 3 })),
    );
    // Work: review 38, approve 26; handoffs: start→review 18, review→approve 12. All: 94.
    expect(bottlenecks.map((b) => [b.rank, b.kind, b.stepId || `${b.fromStepId}→${b.toStepId}`])).toEqual([
      [1, analyticsV1.BottleneckKind.BOTTLENECK_KIND_STEP_WORK, 'review'],
      [2, analyticsV1.BottleneckKind.BOTTLENECK_KIND_STEP_WORK, 'approve'],
      [3, analyticsV1.BottleneckKind.BOTTLENECK_KIND_HANDOFF, 'start→review'],
    ]);
    expect(bottlenecks.map((b) => b.share)).toEqual([38 / 94, 26 / 94, 18 / 94]);
    expect(minutes(bottlenecks[2]?.totalTimeLost)).toBe(18);
  });

  it('gives end-to-end cycle time, counts, work in progress and throughput, overall and per bucket', async () => {
    const response = await new GetCycleTimesHandler(readModels).execute(
      getCycleTimes(
        analyticsV1.GetCycleTimesRequest.fromPartial({
          filter: window(1, 5),
          bucketWidth: { seconds: String(2 * 86_400), nanos: 0 },
        }),
      ),
    );
    expect(response.overall).toMatchObject({
      startedCount: '4',
      completedCount: '2',
      cancelledCount: '1',
      failedCount: '0',
      workInProgress: '1',
      throughputPerDay: 2 / 4,
    });
    expect(minutes(response.overall?.endToEnd?.totalTimeLost)).toBe(23 + 35);
    expect(
      response.buckets.map((b) => [b.window?.startTime, b.stats?.startedCount, b.stats?.workInProgress]),
    ).toEqual([
      [new Date(Date.UTC(2026, 10, 3)), '2', '0'],
      [new Date(Date.UTC(2026, 10, 5)), '2', '1'],
    ]);
  });
});
