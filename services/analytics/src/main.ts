import { runServiceProcess } from '@baton/service-kit';
import { analyticsHostedService } from './analytics.hosted';
import { AnalyticsModule } from './analytics.module';

// The analytics service alone: one process of the distributed mode.
void runServiceProcess({
  service: 'analytics',
  defaultAddress: '127.0.0.1:50064',
  module: () => AnalyticsModule.forRoot(),
  hosted: analyticsHostedService,
});
