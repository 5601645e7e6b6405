import { Module, type DynamicModule } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AnalyticsGrpcController } from './analytics.grpc-controller';
import { AuditTrailProjection } from './audit-trail/audit-trail.projection';
import { GetAuditTrailHandler } from './audit-trail/get-audit-trail.query';

/** The analytics service: read models over the event topics (audit trail so far; issue 7 adds the rest). */
@Module({})
export class AnalyticsModule {
  static forRoot(): DynamicModule {
    return {
      module: AnalyticsModule,
      imports: [CqrsModule],
      providers: [AuditTrailProjection, GetAuditTrailHandler, AnalyticsGrpcController],
      exports: [AuditTrailProjection],
    };
  }
}
