import { analyticsV1 } from '@baton/contracts';
import { status, type ServiceError } from '@grpc/grpc-js';
import { createHistogram } from 'node:perf_hooks';
import { BatonConnection } from '../../cli/connection';

// Latency of each analytics query through gRPC, one call at a time from one client (the server
// in its own process): a mix of the filters a process owner uses (all processes, one definition,
// one version, a 30-day window, one team; each grouping), cycled. Reports p50/p99/max per query,
// the rows the last answer held (to show it was not empty), and which queries are not served.

export interface QueryWorld {
  readonly definitions: readonly string[];
  readonly teams: readonly string[];
  /** The business time the history spans. */
  readonly from: number;
  readonly until: number;
  /** Instances whose audit trails are read. */
  readonly instanceIds: readonly string[];
}

export interface QueryFigures {
  readonly calls: number;
  readonly p50Ms: number;
  readonly p90Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  readonly meanMs: number;
  /** Items in the answers (entries, rows, edges), averaged. */
  readonly meanItems: number;
}

type Call = (c: BatonConnection) => Promise<unknown>;

const DAY = 86_400_000;
/** A query's calls stop after this long, once MIN_CALLS were made. */
const BUDGET_MS = 30_000;
const MIN_CALLS = 30;

function requests(world: QueryWorld): Record<string, Call[]> {
  const a = analyticsV1;
  const month = (i: number) => ({
    startTime: new Date(world.from + ((i * 17) % Math.max(1, (world.until - world.from) / DAY - 30)) * DAY),
    endTime: new Date(
      world.from + (((i * 17) % Math.max(1, (world.until - world.from) / DAY - 30)) + 30) * DAY,
    ),
  });
  // The filters cycled through: everything, per definition, per version, a window, a team.
  const filters = [
    {},
    ...world.definitions.map((definitionId) => ({ definitionId })),
    ...world.definitions.map((definitionId) => ({ definitionId, definitionVersion: 2 })),
    ...world.definitions.map((definitionId, i) => ({ definitionId, timeWindow: month(i) })),
    ...world.teams.slice(0, 6).map((teamId) => ({ teamId })),
    ...world.teams.slice(0, 3).map((teamId, i) => ({ teamId, timeWindow: month(i + 2) })),
  ].map((f) => a.AnalyticsFilter.fromPartial(f));
  const oneDay = { seconds: '86400', nanos: 0 };
  const week = { seconds: String(7 * 86400), nanos: 0 };
  const each = <R>(
    make: (filter: analyticsV1.AnalyticsFilter, i: number) => R,
    call: (c: BatonConnection, r: R) => Promise<unknown>,
    accept: (filter: analyticsV1.AnalyticsFilter) => boolean = () => true,
  ): Call[] =>
    filters.filter(accept).map((filter, i) => {
      const request = make(filter, i);
      return (c) => call(c, request);
    });
  const groupings = [
    a.HandoffGrouping.HANDOFF_GROUPING_EDGE,
    a.HandoffGrouping.HANDOFF_GROUPING_TEAM_PAIR,
    a.HandoffGrouping.HANDOFF_GROUPING_DEFINITION,
  ];
  return {
    GetHandoffStats: each(
      (filter, i) =>
        a.GetHandoffStatsRequest.fromPartial({
          filter,
          groupBy: groupings[i % groupings.length],
          crossTeamOnly: i % 4 === 3,
        }),
      (c, r) => c.call(c.analytics, c.analytics.getHandoffStats, r),
    ),
    // The same in business time (issue 10): the business-time rows, and the calendar-time ones
    // for the wait attribution.
    GetHandoffStatsBusiness: each(
      (filter, i) =>
        a.GetHandoffStatsRequest.fromPartial({
          filter: { ...filter, clock: a.Clock.CLOCK_BUSINESS },
          groupBy: groupings[i % groupings.length],
          crossTeamOnly: i % 4 === 3,
        }),
      (c, r) => c.call(c.analytics, c.analytics.getHandoffStats, r),
    ),
    GetStepStats: each(
      (filter) => a.GetStepStatsRequest.fromPartial({ filter }),
      (c, r) => c.call(c.analytics, c.analytics.getStepStats, r),
    ),
    GetBottlenecks: each(
      (filter) => a.GetBottlenecksRequest.fromPartial({ filter }),
      (c, r) => c.call(c.analytics, c.analytics.getBottlenecks, r),
    ),
    GetCycleTimes: each(
      // A series (bucket_width) needs a window with both bounds.
      (filter, i) =>
        a.GetCycleTimesRequest.fromPartial({
          filter,
          ...(filter.timeWindow ? { bucketWidth: i % 2 ? oneDay : week } : {}),
        }),
      (c, r) => c.call(c.analytics, c.analytics.getCycleTimes, r),
      // Cycle times are per instance: no team filter.
      (filter) => !filter.teamId,
    ),
    GetSlaBreaches: each(
      (filter, i) => a.GetSlaBreachesRequest.fromPartial({ filter, openOnly: i % 3 === 0, pageSize: 100 }),
      (c, r) => c.call(c.analytics, c.analytics.getSlaBreaches, r),
    ),
    GetHandoverNetwork: each(
      (filter, i) =>
        a.GetHandoverNetworkRequest.fromPartial({
          filter,
          level: [a.NetworkLevel.NETWORK_LEVEL_TEAM, a.NetworkLevel.NETWORK_LEVEL_PERSON][i % 2],
        }),
      (c, r) => c.call(c.analytics, c.analytics.getHandoverNetwork, r),
    ),
    GetSinglePersonDependencies: each(
      (filter) => a.GetSinglePersonDependenciesRequest.fromPartial({ filter, minShare: 0.5 }),
      (c, r) => c.call(c.analytics, c.analytics.getSinglePersonDependencies, r),
    ),
    GetTeamQueues: each(
      (filter, i) =>
        a.GetTeamQueuesRequest.fromPartial({
          filter,
          ...(filter.timeWindow ? { bucketWidth: i % 2 ? oneDay : week } : {}),
        }),
      (c, r) => c.call(c.analytics, c.analytics.getTeamQueues, r),
    ),
    CompareVersions: world.definitions.flatMap((definitionId) =>
      [undefined, ...world.teams.slice(0, 2)].map((teamId): Call => {
        const r = a.CompareVersionsRequest.fromPartial({
          definitionId,
          baseVersion: 1,
          candidateVersion: 2,
          ...(teamId ? { teamId } : {}),
        });
        return (c) => c.call(c.analytics, c.analytics.compareVersions, r);
      }),
    ),
    GetAuditTrail: world.instanceIds.map((instanceId): Call => {
      const r = a.GetAuditTrailRequest.fromPartial({ instanceId, pageSize: 100 });
      return (c) => c.call(c.analytics, c.analytics.getAuditTrail, r);
    }),
  };
}

/** The number of items an answer holds: the length of its longest repeated field. */
function items(response: unknown): number {
  if (!response || typeof response !== 'object') return 0;
  let most = 0;
  for (const value of Object.values(response)) {
    if (Array.isArray(value)) most = Math.max(most, value.length);
    else if (value && typeof value === 'object') most = Math.max(most, items(value) > 0 ? 1 : 0);
  }
  return most;
}

/**
 * Per query: latency quantiles over up to `calls` sequential calls (after a warm-up of each
 * variant), fewer when a slow query runs out of its time budget.
 */
export async function measureQueries(
  address: string,
  world: QueryWorld,
  calls: number,
): Promise<Record<string, QueryFigures | { readonly served: false; readonly reason: string }>> {
  const c = new BatonConnection({ address, timeoutMs: 60_000 });
  const results: Record<string, QueryFigures | { served: false; reason: string }> = {};
  try {
    for (const [name, variants] of Object.entries(requests(world))) {
      if (variants.length === 0) continue;
      try {
        for (const v of variants.slice(0, 5)) await v(c);
      } catch (error) {
        const e = error as Partial<ServiceError>;
        if (e.code === status.UNIMPLEMENTED) {
          results[name] = { served: false, reason: 'UNIMPLEMENTED' };
          continue;
        }
        throw new Error(`${name}: ${e.code ?? ''} ${e.details ?? String(error)}`);
      }
      const h = createHistogram();
      let total = 0;
      let itemCount = 0;
      // At most `calls`, and no more than BUDGET_MS per query once MIN_CALLS are done.
      const until = performance.now() + BUDGET_MS;
      let made = 0;
      for (let i = 0; i < calls && (i < MIN_CALLS || performance.now() < until); i++, made++) {
        const t0 = performance.now();
        const response = await (variants[i % variants.length] as Call)(c);
        const ms = performance.now() - t0;
        h.record(Math.max(1, Math.round(ms * 1000)));
        total += ms;
        itemCount += items(response);
      }
      const q = (p: number) => round(h.percentile(p) / 1000);
      results[name] = {
        calls: made,
        p50Ms: q(50),
        p90Ms: q(90),
        p99Ms: q(99),
        maxMs: round(h.max / 1000),
        meanMs: round(total / made),
        meanItems: round(itemCount / made, 1),
      };
    }
  } finally {
    c.close();
  }
  return results;
}

const round = (n: number, digits = 2) => Number(n.toFixed(digits));
