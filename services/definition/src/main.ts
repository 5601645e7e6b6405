import { runServiceProcess } from '@baton/service-kit';
import { definitionHostedService } from './definition.hosted';
import { DefinitionModule } from './definition.module';

// The definition service alone: one process of the distributed mode. It publishes
// baton.definition.events.v1.
void runServiceProcess({
  service: 'definition',
  defaultAddress: '127.0.0.1:50061',
  module: () => DefinitionModule.forRoot(),
  hosted: definitionHostedService,
});
