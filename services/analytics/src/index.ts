export { AnalyticsModule, ANALYTICS_PROJECTION_LIST, type AnalyticsOptions } from './analytics.module';
export { analyticsHostedService } from './analytics.hosted';
export { READ_MODEL_STORE, type ReadModelStore } from './read-model-store/read-model-store.port';
export {
  analyticsSqliteFile,
  openReadModelStore,
  readModelConfigFor,
  type ReadModelConfig,
} from './read-model-store/read-model-config';
export {
  rebuildProjection,
  rebuildProjections,
  type RebuildProgress,
} from './projections/rebuild-projection';
export { ProjectionsInWorker } from './projections/projections-in-worker';
export { statisticsProjectionWith } from './statistics/statistics.projection';
export { CALENDAR_EVENTS } from './calendars/calendars.projection';
export { BUSINESS_CLOCK } from './statistics/business.tables';
