import { analyticsV1 } from '@baton/contracts';
import { unimplementedService } from '@baton/grpc-server';

/** The analytics service as served over gRPC; its use cases replace the unimplemented handlers. */
export const analyticsGrpcService = unimplementedService(
  'baton.analytics.v1.AnalyticsService',
  analyticsV1.AnalyticsServiceService,
  'baton/analytics/v1/analytics_service.proto',
);
