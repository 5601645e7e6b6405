import { analyticsV1 } from '@baton/contracts';
import { unaryHandlers, type CallGuard, type HostedService } from '@baton/grpc-server';
import type { INestApplicationContext } from '@nestjs/common';
import { AnalyticsGrpcController } from './analytics.grpc-controller';

/** The analytics service as served over gRPC, from an initialised Nest context; `guard` admits its callers. */
export function analyticsHostedService(app: INestApplicationContext, guard?: CallGuard): HostedService {
  const definition = analyticsV1.AnalyticsServiceService;
  return {
    name: 'baton.analytics.v1.AnalyticsService',
    definition,
    protoFile: 'baton/analytics/v1/analytics_service.proto',
    implementation: unaryHandlers(
      definition,
      app.get(AnalyticsGrpcController).handlers(),
      {
        domain: 'baton.analytics',
        onInternal: (error, id) => console.error(`analytics: incident ${id}`, error),
      },
      guard,
    ),
  };
}
