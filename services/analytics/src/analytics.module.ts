import { Module, type DynamicModule } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AnalyticsGrpcController } from './analytics.grpc-controller';
import { auditTrailProjection } from './audit-trail/audit-trail.projection';
import { GetAuditTrailHandler } from './audit-trail/get-audit-trail.query';
import {
  ANALYTICS_GROUP_PREFIX,
  ANALYTICS_PROJECTIONS,
  AnalyticsProjections,
} from './projections/analytics-projections';
import { readModelStoreProvider, type ReadModelConfig } from './read-model-store/read-model-config';
import { READ_MODEL_STORE } from './read-model-store/read-model-store.port';
import { definitionCatalogProjection } from './definitions/definition-catalog.projection';
import { directoryProjection } from './directory/directory.projection';
import { STATISTICS_QUERY_HANDLERS } from './statistics/statistics-queries';
import { statisticsProjection } from './statistics/statistics.projection';

/** Options of {@link AnalyticsModule.forRoot}. */
export interface AnalyticsOptions {
  /** Where the read models live; default beside the runtime's event store (see readModelConfigFor). */
  readonly readModels?: ReadModelConfig;
  /** Prefix of the projections' consumer groups. Default `analytics`. */
  readonly groupPrefix?: string;
}

/** Every projection the service keeps (and `baton analytics rebuild` rebuilds). */
export const ANALYTICS_PROJECTION_LIST = [
  auditTrailProjection,
  statisticsProjection,
  definitionCatalogProjection,
  directoryProjection,
] as const;

/** The analytics service: durable read models over the event topics, and the queries on them. */
@Module({})
export class AnalyticsModule {
  static forRoot(options: AnalyticsOptions = {}): DynamicModule {
    return {
      module: AnalyticsModule,
      imports: [CqrsModule],
      providers: [
        readModelStoreProvider(options.readModels),
        { provide: ANALYTICS_PROJECTIONS, useValue: ANALYTICS_PROJECTION_LIST },
        { provide: ANALYTICS_GROUP_PREFIX, useValue: options.groupPrefix ?? 'analytics' },
        AnalyticsProjections,
        GetAuditTrailHandler,
        ...STATISTICS_QUERY_HANDLERS,
        AnalyticsGrpcController,
      ],
      exports: [READ_MODEL_STORE],
    };
  }
}
