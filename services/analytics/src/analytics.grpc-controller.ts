import { analyticsV1 as A } from '@baton/contracts';
import { RequestCheck, type CallContext, type UnaryHandler } from '@baton/grpc-server';
import { CLOCK, type Clock } from '@baton/service-kit';
import { Inject, Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { GetAuditTrail } from './audit-trail/get-audit-trail.query';
import { READ_MODEL_STORE, type ReadModelStore } from './read-model-store/read-model-store.port';
import {
  compareVersions,
  getHandoverNetwork,
  getSinglePersonDependencies,
  getSlaBreaches,
  getTeamQueues,
} from './statistics/flow.requests';
import { narrowedTo, readableDefinitions } from './statistics/process-scope';
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
    @Inject(READ_MODEL_STORE) private readonly readModels: ReadModelStore,
  ) {}

  /** Runs a statistics query on the definitions the caller may read (a process owner: their own). */
  private async statistics<Q extends object, R>(
    query: Q,
    ctx: CallContext,
    definitionId: string | undefined,
  ): Promise<R> {
    const readable = await readableDefinitions(this.readModels, ctx, definitionId);
    return this.queries.execute<Q, R>(narrowedTo(query, readable));
  }

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
      getHandoffStats: (request, ctx) =>
        this.statistics(getHandoffStats(request, ctx.tenantId), ctx, request.filter?.definitionId),
      getStepStats: (request, ctx) =>
        this.statistics(getStepStats(request, ctx.tenantId), ctx, request.filter?.definitionId),
      getBottlenecks: (request, ctx) =>
        this.statistics(getBottlenecks(request, ctx.tenantId), ctx, request.filter?.definitionId),
      getCycleTimes: (request, ctx) =>
        this.statistics(getCycleTimes(request, ctx.tenantId), ctx, request.filter?.definitionId),
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
        this.statistics(
          getSlaBreaches(request, this.clock.now(), ctx.tenantId),
          ctx,
          request.filter?.definitionId,
        ),
      getHandoverNetwork: (request, ctx) =>
        this.statistics(getHandoverNetwork(request, ctx.tenantId), ctx, request.filter?.definitionId),
      compareVersions: (request, ctx) =>
        this.statistics(compareVersions(request, ctx.tenantId), ctx, request.definitionId),
      getSinglePersonDependencies: (request, ctx) =>
        this.statistics(
          getSinglePersonDependencies(request, this.clock.now(), ctx.tenantId),
          ctx,
          request.filter?.definitionId,
        ),
      getTeamQueues: (request, ctx) =>
        this.statistics(getTeamQueues(request, ctx.tenantId), ctx, request.filter?.definitionId),
    };
    return { getAuditTrail, ...stats, ...flows } as Handlers;
  }
}
