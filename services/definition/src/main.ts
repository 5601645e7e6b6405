import { runServiceProcess } from '@baton/service-kit';
import { definitionHostedService } from './definition.hosted';
import { DefinitionModule } from './definition.module';
import { publishReferenceDefinitions } from './seed/publish-reference-definitions';

// The definition service alone: one process of the distributed mode. It publishes
// baton.definition.events.v1.
void runServiceProcess({
  service: 'definition',
  defaultAddress: '127.0.0.1:50061',
  module: () => DefinitionModule.forRoot(),
  hosted: definitionHostedService,
  seed: async (app) => {
    const published = await publishReferenceDefinitions(app, process.env['BATON_EXAMPLES_DIR'] || 'examples');
    return published.map((p) => `${p.definitionId} v${p.version}`).join(', ');
  },
});
