import { runServiceProcess } from '@baton/service-kit';
import { executionHostedService } from './execution.hosted';
import { ExecutionModule } from './execution.module';

// The execution service alone: one process of the distributed mode. It consumes
// baton.definition.events.v1 and baton.triggers.v1 and publishes baton.execution.events.v1.
void runServiceProcess({
  service: 'execution',
  defaultAddress: '127.0.0.1:50062',
  module: () => ExecutionModule.forRoot(),
  hosted: executionHostedService,
});
