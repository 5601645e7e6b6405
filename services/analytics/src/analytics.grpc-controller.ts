import { analyticsV1 } from '@baton/contracts';
import { RequestCheck, type UnaryHandler } from '@baton/grpc-server';
import { Inject, Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { GetAuditTrail } from './audit-trail/get-audit-trail.query';
import {
  getBottlenecks,
  getCycleTimes,
  getHandoffStats,
  getStepStats,
} from './statistics/statistics.requests';

type Handler<Req, Res> = UnaryHandler<Req, Res>;

/** Maps AnalyticsService RPCs to queries; RPCs not listed answer UNIMPLEMENTED (issue 7). */
@Injectable()
export class AnalyticsGrpcController {
  constructor(@Inject(QueryBus) private readonly queries: QueryBus) {}

  handlers(): Record<string, UnaryHandler<never, unknown>> {
    const getAuditTrail: Handler<analyticsV1.GetAuditTrailRequest, analyticsV1.GetAuditTrailResponse> = (
      request,
    ) => {
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
      return this.queries.execute(new GetAuditTrail(request.instanceId, request.pageSize, after));
    };
    const stats: {
      getHandoffStats: Handler<analyticsV1.GetHandoffStatsRequest, analyticsV1.GetHandoffStatsResponse>;
      getStepStats: Handler<analyticsV1.GetStepStatsRequest, analyticsV1.GetStepStatsResponse>;
      getBottlenecks: Handler<analyticsV1.GetBottlenecksRequest, analyticsV1.GetBottlenecksResponse>;
      getCycleTimes: Handler<analyticsV1.GetCycleTimesRequest, analyticsV1.GetCycleTimesResponse>;
    } = {
      getHandoffStats: (request) => this.queries.execute(getHandoffStats(request)),
      getStepStats: (request) => this.queries.execute(getStepStats(request)),
      getBottlenecks: (request) => this.queries.execute(getBottlenecks(request)),
      getCycleTimes: (request) => this.queries.execute(getCycleTimes(request)),
    };
    return { getAuditTrail, ...stats } as Record<string, UnaryHandler<never, unknown>>;
  }
}
