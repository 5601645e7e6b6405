import { analyticsV1 as A } from '@baton/contracts';
import { RequestCheck, type UnaryHandler } from '@baton/grpc-server';
import { CLOCK, type Clock } from '@baton/service-kit';
import { Inject, Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { GetAuditTrail } from './audit-trail/get-audit-trail.query';
import {
  compareVersions,
  getHandoverNetwork,
  getSinglePersonDependencies,
  getSlaBreaches,
  getTeamQueues,
} from './statistics/flow.requests';
import {
  getBottlenecks,
  getCycleTimes,
  getHandoffStats,
  getStepStats,
} from './statistics/statistics.requests';

type Handler<Req, Res> = UnaryHandler<Req, Res>;
type Handlers = Record<string, UnaryHandler<never, unknown>>;

/**
 * Maps AnalyticsService RPCs to queries; RPCs not listed answer UNIMPLEMENTED (issue 7). Every
 * query reads only the caller's tenant's read models (ADR 0015).
 */
@Injectable()
export class AnalyticsGrpcController {
  constructor(
    @Inject(QueryBus) private readonly queries: QueryBus,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  handlers(): Handlers {
    const getAuditTrail: Handler<A.GetAuditTrailRequest, A.GetAuditTrailResponse> = (request, ctx) => {
      const after = request.pageToken ? Number(request.pageToken) : 0;
      new RequestCheck()
        .nonEmpty(request.instanceId, 'instance_id')
        .require(request.pageSize >= 0, 'page_size', 'page_size must not be negative')
        .require(
          Number.isSafeInteger(after) && after >= 0,
          'page_token',
          'page_token is not one this service issued',
        )
        .done('GetAuditTrailRequest');
      return this.queries.execute(
        new GetAuditTrail(request.instanceId, request.pageSize, after, ctx.tenantId, ctx.grants),
      );
    };
    const stats: {
      getHandoffStats: Handler<A.GetHandoffStatsRequest, A.GetHandoffStatsResponse>;
      getStepStats: Handler<A.GetStepStatsRequest, A.GetStepStatsResponse>;
      getBottlenecks: Handler<A.GetBottlenecksRequest, A.GetBottlenecksResponse>;
      getCycleTimes: Handler<A.GetCycleTimesRequest, A.GetCycleTimesResponse>;
    } = {
      getHandoffStats: (request, ctx) => this.queries.execute(getHandoffStats(request, ctx.tenantId)),
      getStepStats: (request, ctx) => this.queries.execute(getStepStats(request, ctx.tenantId)),
      getBottlenecks: (request, ctx) => this.queries.execute(getBottlenecks(request, ctx.tenantId)),
      getCycleTimes: (request, ctx) => this.queries.execute(getCycleTimes(request, ctx.tenantId)),
    };
    const flows: {
      getSlaBreaches: Handler<A.GetSlaBreachesRequest, A.GetSlaBreachesResponse>;
      getHandoverNetwork: Handler<A.GetHandoverNetworkRequest, A.GetHandoverNetworkResponse>;
      compareVersions: Handler<A.CompareVersionsRequest, A.CompareVersionsResponse>;
      getSinglePersonDependencies: Handler<
        A.GetSinglePersonDependenciesRequest,
        A.GetSinglePersonDependenciesResponse
      >;
      getTeamQueues: Handler<A.GetTeamQueuesRequest, A.GetTeamQueuesResponse>;
    } = {
      getSlaBreaches: (request, ctx) =>
        this.queries.execute(getSlaBreaches(request, this.clock.now(), ctx.tenantId)),
      getHandoverNetwork: (request, ctx) => this.queries.execute(getHandoverNetwork(request, ctx.tenantId)),
      compareVersions: (request, ctx) => this.queries.execute(compareVersions(request, ctx.tenantId)),
      getSinglePersonDependencies: (request, ctx) =>
        this.queries.execute(getSinglePersonDependencies(request, this.clock.now(), ctx.tenantId)),
      getTeamQueues: (request, ctx) => this.queries.execute(getTeamQueues(request, ctx.tenantId)),
    };
    return { getAuditTrail, ...stats, ...flows } as Handlers;
  }
}
