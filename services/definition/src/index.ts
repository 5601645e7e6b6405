export { DefinitionModule } from './definition.module';
export { definitionHostedService } from './definition.hosted';
export { DefinitionCatalog } from './catalog/definition-catalog';
export { publishReferenceDefinitions } from './seed/publish-reference-definitions';
export { definitionStream } from './streams';
