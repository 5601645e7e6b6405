import { Module, type DynamicModule } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AnalyticsGrpcController } from './analytics.grpc-controller';
import { GetAuditTrailHandler } from './audit-trail/get-audit-trail.query';
import {
  ANALYTICS_GROUP_PREFIX,
  ANALYTICS_PROJECTIONS,
  AnalyticsProjections,
} from './projections/analytics-projections';
import { ANALYTICS_PROJECTION_LIST } from './projections/projection-list';
import { ProjectionsInWorker } from './projections/projections-in-worker';
import { readModelStoreProviders, type ReadModelConfig } from './read-model-store/read-model-config';
import { READ_MODEL_STORE } from './read-model-store/read-model-store.port';
import { STATISTICS_QUERY_HANDLERS } from './statistics/statistics-queries';

export { ANALYTICS_PROJECTION_LIST };

/** Options of {@link AnalyticsModule.forRoot}. */
export interface AnalyticsOptions {
  /** Where the read models live; default beside the runtime's event store (see readModelConfigFor). */
  readonly readModels?: ReadModelConfig;
  /** Prefix of the projections' consumer groups. Default `analytics`. */
  readonly groupPrefix?: string;
  /**
   * Where the projections run: on the app's thread (default), or in a worker thread of their own,
   * which an embedded host under load gains from (docs/adr/0004).
   */
  readonly projectionsIn?: 'app-thread' | 'worker-thread';
}

/** The analytics service: durable read models over the event topics, and the queries on them. */
@Module({})
export class AnalyticsModule {
  static forRoot(options: AnalyticsOptions = {}): DynamicModule {
    return {
      module: AnalyticsModule,
      imports: [CqrsModule],
      providers: [
        ...readModelStoreProviders(options.readModels),
        { provide: ANALYTICS_PROJECTIONS, useValue: ANALYTICS_PROJECTION_LIST },
        { provide: ANALYTICS_GROUP_PREFIX, useValue: options.groupPrefix ?? 'analytics' },
        options.projectionsIn === 'worker-thread' ? ProjectionsInWorker : AnalyticsProjections,
        GetAuditTrailHandler,
        ...STATISTICS_QUERY_HANDLERS,
        AnalyticsGrpcController,
      ],
      exports: [READ_MODEL_STORE],
    };
  }
}
