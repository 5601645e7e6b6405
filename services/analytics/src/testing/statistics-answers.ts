import { analyticsV1 } from '@baton/contracts';
import type { ReadModelStore } from '../read-model-store/read-model-store.port';
import {
  compareVersions,
  getHandoverNetwork,
  getSinglePersonDependencies,
  getSlaBreaches,
  getTeamQueues,
} from '../statistics/flow.requests';
import { CompareVersionsHandler } from '../statistics/queries/compare-versions.query';
import { GetBottlenecksHandler } from '../statistics/queries/get-bottlenecks.query';
import { GetCycleTimesHandler } from '../statistics/queries/get-cycle-times.query';
import { GetHandoffStatsHandler } from '../statistics/queries/get-handoff-stats.query';
import { GetHandoverNetworkHandler } from '../statistics/queries/get-handover-network.query';
import { GetSinglePersonDependenciesHandler } from '../statistics/queries/get-single-person-dependencies.query';
import { GetSlaBreachesHandler } from '../statistics/queries/get-sla-breaches.query';
import { GetStepStatsHandler } from '../statistics/queries/get-step-stats.query';
import { GetTeamQueuesHandler } from '../statistics/queries/get-team-queues.query';
import {
  getBottlenecks,
  getCycleTimes,
  getHandoffStats,
  getStepStats,
} from '../statistics/statistics.requests';

const DAY = 86_400_000;
const { HandoffGrouping: G, NetworkLevel: L } = analyticsV1;

/** A response as its wire bytes, so "equal" means byte for byte. */
const wire = <T>(type: { encode(message: T): { finish(): Uint8Array } }, message: T): Buffer =>
  Buffer.from(type.encode(message).finish());

/**
 * Every statistics query, in a few shapes each (groupings, levels, filters, a series, a second
 * page), as wire bytes: what live and rebuilt read models must answer alike. `now` is fixed so
 * open breaches and availability are judged at the same instant. Asked by a caller of `tenantId`
 * (the default tenant without).
 */
export async function statisticsAnswers(
  store: ReadModelStore,
  window: { readonly from: number; readonly days: number },
  now: number,
  tenantId?: string,
): Promise<Record<string, Buffer[]>> {
  const timeWindow = { startTime: new Date(window.from), endTime: new Date(window.from + window.days * DAY) };
  const filters = [
    {},
    { timeWindow },
    { definitionId: 'claims', definitionVersion: 1 },
    { teamId: 'review' },
  ];
  const all = <R, Q>(requests: readonly R[], run: (request: R) => Promise<Q>) =>
    Promise.all(requests.map(run));
  const handoffs = new GetHandoffStatsHandler(store);
  const steps = new GetStepStatsHandler(store);
  const breaches = new GetSlaBreachesHandler(store);
  const network = new GetHandoverNetworkHandler(store);
  const people = new GetSinglePersonDependenciesHandler(store);
  const queues = new GetTeamQueuesHandler(store);
  const firstBreaches = await breaches.execute(
    getSlaBreaches(analyticsV1.GetSlaBreachesRequest.fromPartial({ pageSize: 1 }), now, tenantId),
  );
  return {
    handoffs: await all(
      [G.HANDOFF_GROUPING_EDGE, G.HANDOFF_GROUPING_TEAM_PAIR, G.HANDOFF_GROUPING_DEFINITION].flatMap(
        (groupBy) =>
          filters.map((filter) => analyticsV1.GetHandoffStatsRequest.fromPartial({ groupBy, filter })),
      ),
      async (r) =>
        wire(analyticsV1.GetHandoffStatsResponse, await handoffs.execute(getHandoffStats(r, tenantId))),
    ),
    steps: await all(filters, async (filter) =>
      wire(
        analyticsV1.GetStepStatsResponse,
        await steps.execute(getStepStats(analyticsV1.GetStepStatsRequest.fromPartial({ filter }), tenantId)),
      ),
    ),
    bottlenecks: [
      wire(
        analyticsV1.GetBottlenecksResponse,
        await new GetBottlenecksHandler(store).execute(
          getBottlenecks(analyticsV1.GetBottlenecksRequest.fromPartial({}), tenantId),
        ),
      ),
    ],
    cycleTimes: [
      wire(
        analyticsV1.GetCycleTimesResponse,
        await new GetCycleTimesHandler(store).execute(
          getCycleTimes(
            analyticsV1.GetCycleTimesRequest.fromPartial({
              filter: { timeWindow },
              bucketWidth: { seconds: '86400', nanos: 0 },
            }),
            tenantId,
          ),
        ),
      ),
    ],
    breaches: [
      wire(analyticsV1.GetSlaBreachesResponse, firstBreaches),
      ...(await all(
        [
          { pageSize: 1, pageToken: firstBreaches.nextPageToken },
          { openOnly: true },
          ...filters.map((filter) => ({ filter })),
        ],
        async (r) =>
          wire(
            analyticsV1.GetSlaBreachesResponse,
            await breaches.execute(
              getSlaBreaches(analyticsV1.GetSlaBreachesRequest.fromPartial(r), now, tenantId),
            ),
          ),
      )),
    ],
    network: await all(
      [
        { level: L.NETWORK_LEVEL_TEAM },
        { level: L.NETWORK_LEVEL_PERSON },
        { level: L.NETWORK_LEVEL_STEP, filter: { definitionId: 'claims' } },
        { level: L.NETWORK_LEVEL_TEAM, filter: { timeWindow, teamId: 'review' } },
      ],
      async (r) =>
        wire(
          analyticsV1.GetHandoverNetworkResponse,
          await network.execute(
            getHandoverNetwork(analyticsV1.GetHandoverNetworkRequest.fromPartial(r), tenantId),
          ),
        ),
    ),
    compare: [
      wire(
        analyticsV1.CompareVersionsResponse,
        await new CompareVersionsHandler(store).execute(
          compareVersions(
            analyticsV1.CompareVersionsRequest.fromPartial({
              definitionId: 'claims',
              baseVersion: 1,
              candidateVersion: 2,
            }),
            tenantId,
          ),
        ),
      ),
    ],
    singlePerson: await all([{}, { minShare: 0.5 }, { filter: { definitionId: 'claims' } }], async (r) =>
      wire(
        analyticsV1.GetSinglePersonDependenciesResponse,
        await people.execute(
          getSinglePersonDependencies(
            analyticsV1.GetSinglePersonDependenciesRequest.fromPartial(r),
            now,
            tenantId,
          ),
        ),
      ),
    ),
    queues: await all(
      [{ filter: { timeWindow }, bucketWidth: { seconds: '86400', nanos: 0 } }, {}],
      async (r) =>
        wire(
          analyticsV1.GetTeamQueuesResponse,
          await queues.execute(getTeamQueues(analyticsV1.GetTeamQueuesRequest.fromPartial(r), tenantId)),
        ),
    ),
  };
}
