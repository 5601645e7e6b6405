export { AnalyticsModule } from './analytics.module';
export { analyticsHostedService } from './analytics.hosted';
