import { analyticsV1 } from '@baton/contracts';
import { openSqliteEventStore, type EventStore } from '@baton/eventstore';
import fc from 'fast-check';
import { definitionCatalogProjection } from '../definitions/definition-catalog.projection';
import { directoryProjection } from '../directory/directory.projection';
import { rebuildProjection } from '../projections/rebuild-projection';
import type { ReadModelStore, Row } from '../read-model-store/read-model-store.port';
import { openSqliteReadModelStore } from '../read-model-store/sqlite/sqlite-read-model-store';
import { dayRowsOnly } from '../testing/day-rows-only';
import { appendSampleInstance, type SampleEnding } from '../testing/sample-instances';
import { compareVersions, getHandoverNetwork, getSinglePersonDependencies } from './flow.requests';
import { CompareVersionsHandler } from './queries/compare-versions.query';
import { GetBottlenecksHandler } from './queries/get-bottlenecks.query';
import { GetHandoffStatsHandler } from './queries/get-handoff-stats.query';
import { GetHandoverNetworkHandler } from './queries/get-handover-network.query';
import { GetSinglePersonDependenciesHandler } from './queries/get-single-person-dependencies.query';
import { GetStepStatsHandler } from './queries/get-step-stats.query';
import { periodRows } from './period-rows';
import { ROLLUPS, STATS_VERSIONS, type RolledUp } from './rollup.tables';
import { SketchSum, SnapshotSum } from './snapshot-sum';
import { statisticsProjection } from './statistics.projection';
import { getBottlenecks, getHandoffStats, getStepStats } from './statistics.requests';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 20, 7);
const SPAN_DAYS = 130;
const ENDINGS: readonly SampleEnding[] = ['completed', 'completed', 'running', 'cancelled', 'completed'];
const { HandoffGrouping: G, NetworkLevel: L } = analyticsV1;

/** A response as its wire bytes. */
const wire = <T>(type: { encode(message: T): { finish(): Uint8Array } }, message: T) =>
  Buffer.from(type.encode(message).finish()).toString('base64');

/** Every statistics query that reads rolled-up rows, for one filter. */
async function answers(store: ReadModelStore, filter: analyticsV1.AnalyticsFilter) {
  const now = T0 + SPAN_DAYS * DAY;
  const a = analyticsV1;
  return {
    handoffs: await Promise.all(
      [G.HANDOFF_GROUPING_EDGE, G.HANDOFF_GROUPING_TEAM_PAIR, G.HANDOFF_GROUPING_DEFINITION].map(
        async (groupBy) =>
          wire(
            a.GetHandoffStatsResponse,
            await new GetHandoffStatsHandler(store).execute(
              getHandoffStats(a.GetHandoffStatsRequest.fromPartial({ filter, groupBy })),
            ),
          ),
      ),
    ),
    steps: wire(
      a.GetStepStatsResponse,
      await new GetStepStatsHandler(store).execute(
        getStepStats(a.GetStepStatsRequest.fromPartial({ filter })),
      ),
    ),
    bottlenecks: wire(
      a.GetBottlenecksResponse,
      await new GetBottlenecksHandler(store).execute(
        getBottlenecks(a.GetBottlenecksRequest.fromPartial({ filter })),
      ),
    ),
    network: await Promise.all(
      [
        L.NETWORK_LEVEL_TEAM,
        L.NETWORK_LEVEL_PERSON,
        // The step level is per definition.
        ...(filter.definitionId ? [L.NETWORK_LEVEL_STEP] : []),
      ].map(async (level) =>
        wire(
          a.GetHandoverNetworkResponse,
          await new GetHandoverNetworkHandler(store).execute(
            getHandoverNetwork(a.GetHandoverNetworkRequest.fromPartial({ filter, level })),
          ),
        ),
      ),
    ),
    people: wire(
      a.GetSinglePersonDependenciesResponse,
      await new GetSinglePersonDependenciesHandler(store).execute(
        getSinglePersonDependencies(a.GetSinglePersonDependenciesRequest.fromPartial({ filter }), now),
      ),
    ),
    compare: wire(
      a.CompareVersionsResponse,
      await new CompareVersionsHandler(store).execute(
        compareVersions(
          a.CompareVersionsRequest.fromPartial({
            definitionId: 'po',
            baseVersion: 1,
            candidateVersion: 2,
            ...(filter.timeWindow
              ? { baseWindow: filter.timeWindow, candidateWindow: filter.timeWindow }
              : {}),
            teamId: filter.teamId,
          }),
        ),
      ),
    ),
  };
}

type Sum = { add(value: object): unknown; snapshot(): unknown };

/** Rows summed per key (their period columns dropped): what a query merges them into. */
function summed(rollup: RolledUp, rows: readonly Row[]): Record<string, Record<string, unknown>> {
  const key = rollup.totals.primaryKey;
  const values = Object.keys(rollup.totals.columns).filter((c) => !key.includes(c));
  const sums = new Map<string, Map<string, Sum | number>>();
  for (const row of rows) {
    const id = JSON.stringify(key.map((c) => row[c]));
    const sum = sums.get(id) ?? new Map<string, Sum | number>();
    sums.set(id, sum);
    for (const column of values) {
      const value = row[column];
      if (typeof value === 'number') sum.set(column, ((sum.get(column) as number | undefined) ?? 0) + value);
      else {
        const parsed = JSON.parse(value as string) as object;
        const into =
          (sum.get(column) as Sum | undefined) ?? ('bins' in parsed ? new SketchSum() : new SnapshotSum());
        into.add(parsed);
        sum.set(column, into);
      }
    }
  }
  const plain = (v: Sum | number) => (typeof v === 'number' ? v : v.snapshot());
  return Object.fromEntries(
    [...sums].map(([id, sum]) => [id, Object.fromEntries([...sum].map(([c, v]) => [c, plain(v)]))]),
  );
}

describe('Statistics rollups', () => {
  let events: EventStore;
  let readModels: ReadModelStore;

  beforeAll(async () => {
    // Instances of `po` every 7 hours over 130 days (five months), version 2 from day 60 on.
    events = await openSqliteEventStore({ file: ':memory:' });
    for (let n = 0; n * 7 * 3_600_000 < SPAN_DAYS * DAY; n++) {
      await appendSampleInstance(events, {
        instanceId: `r-${String(n).padStart(4, '0')}`,
        startedAt: T0 + n * 7 * 3_600_000 + (n % 11) * 97_000,
        seed: n,
        ending: ENDINGS[n % ENDINGS.length] as SampleEnding,
        definitionVersion: n * 7 * 3_600_000 < 60 * DAY ? 1 : 2,
      });
    }
    readModels = openSqliteReadModelStore({ file: ':memory:' });
    await rebuildProjection({ events, readModels, projection: statisticsProjection, chunkSize: 97 });
    // No definitions or directory: the queries join them, empty.
    await readModels.ensureTables([...definitionCatalogProjection.tables, ...directoryProjection.tables]);
  });
  afterAll(async () => {
    await readModels.close();
    await events.close();
  });

  it('keep a row per week, month and all time beside the day rows, and each version’s span of days', async () => {
    for (const rollup of ROLLUPS) {
      const months = new Set((await readModels.range(rollup.months, { where: {} })).map((r) => r['month']));
      expect([rollup.months.name, months.size]).toEqual([rollup.months.name, 5]);
      const weeks = new Set((await readModels.range(rollup.weeks, { where: {} })).map((r) => r['week']));
      expect([rollup.weeks.name, weeks.size]).toEqual([rollup.weeks.name, 19]);
      expect((await readModels.range(rollup.totals, { where: {} })).length).toBeGreaterThan(0);
    }
    expect(await readModels.range(STATS_VERSIONS, { where: {} })).toEqual([
      expect.objectContaining({ definition_id: 'po', definition_version: 1 }),
      expect.objectContaining({ definition_id: 'po', definition_version: 2 }),
    ]);
  });

  it('sum, on any window, definition, version and team, to what the day rows in it sum to', async () => {
    const firstDay = Math.floor(T0 / DAY) - 3;
    const day = fc.option(fc.integer({ min: firstDay, max: firstDay + SPAN_DAYS + 6 }), { nil: undefined });
    const scope = fc
      .record({
        a: day,
        b: day,
        definition: fc.constantFrom<{ definitionId?: string; definitionVersion?: number }>(
          {},
          { definitionId: 'po' },
          { definitionId: 'po', definitionVersion: 2 },
          { definitionId: 'other' },
        ),
        teamId: fc.constantFrom(undefined, 'sales', 'finance'),
      })
      .map(({ a, b, definition, teamId }) => {
        const [fromDay, untilDay] = a !== undefined && b !== undefined && a > b ? [b, a] : [a, b];
        return {
          ...definition,
          ...(fromDay !== undefined ? { fromDay } : {}),
          ...(untilDay !== undefined ? { untilDay } : {}),
          ...(teamId ? { teamId } : {}),
        };
      });
    await fc.assert(
      fc.asyncProperty(scope, fc.constantFrom(...ROLLUPS), async (s, rollup) => {
        const teamColumns = ['team_id', 'from_team', 'to_team'].filter((c) => c in rollup.days.columns);
        const inScope = (r: Row) =>
          (s.definitionId === undefined || r['definition_id'] === s.definitionId) &&
          (s.definitionVersion === undefined || r['definition_version'] === s.definitionVersion) &&
          (s.fromDay === undefined || (r['day'] as number) >= s.fromDay) &&
          (s.untilDay === undefined || (r['day'] as number) <= s.untilDay) &&
          (s.teamId === undefined || teamColumns.some((c) => r[c] === s.teamId));
        const dayRows = (await readModels.range(rollup.days, { where: {} })).filter(inScope);
        const anyOf =
          s.teamId === undefined
            ? undefined
            : Object.fromEntries(teamColumns.map((c) => [c, s.teamId as string]));
        expect(summed(rollup, await periodRows(readModels, rollup, s, anyOf))).toEqual(
          summed(rollup, dayRows),
        );
      }),
      { numRuns: 300 },
    );
  });

  it('answer every query as the day rows do, rolled-up rows read as the day rows they sum', async () => {
    const firstDay = Math.floor(T0 / DAY) - 3;
    const window = fc
      .record({
        from: fc.option(fc.integer({ min: firstDay, max: firstDay + SPAN_DAYS + 6 }), { nil: undefined }),
        days: fc.integer({ min: 1, max: 120 }),
        openEnd: fc.boolean(),
        hours: fc.integer({ min: 0, max: 23 }),
      })
      .map(({ from, days, openEnd, hours }) => {
        const start = from !== undefined ? from * DAY + hours * 3_600_000 : undefined;
        const end = (start ?? T0 + 40 * DAY) + days * DAY;
        return {
          ...(start !== undefined ? { startTime: new Date(start) } : {}),
          ...(!openEnd || start === undefined ? { endTime: new Date(end) } : {}),
        };
      });
    const filter = fc
      .record({
        timeWindow: fc.option(window, { nil: undefined }),
        definition: fc.constantFrom<{ definitionId?: string; definitionVersion?: number }>(
          {},
          { definitionId: 'po' },
          { definitionId: 'po', definitionVersion: 2 },
          { definitionId: 'po', definitionVersion: 1 },
        ),
        teamId: fc.constantFrom(undefined, 'sales', 'finance'),
      })
      .map(({ timeWindow, definition, teamId }) =>
        analyticsV1.AnalyticsFilter.fromPartial({ ...definition, timeWindow, ...(teamId ? { teamId } : {}) }),
      );
    const reference = dayRowsOnly(readModels);
    await fc.assert(
      fc.asyncProperty(filter, async (f) => {
        expect(await answers(readModels, f)).toEqual(await answers(reference, f));
      }),
      { numRuns: 60 },
    );
  });

  it('are not vacuous: a window and the whole history find handoffs', async () => {
    const all = await answers(readModels, analyticsV1.AnalyticsFilter.fromPartial({}));
    const response = analyticsV1.GetHandoffStatsResponse.decode(
      Buffer.from(all.handoffs[0] as string, 'base64'),
    );
    expect(response.handoffs.map((h) => h.definitionVersion).sort()).toEqual([1, 1, 2, 2]);
  });
});
