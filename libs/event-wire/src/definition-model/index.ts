// The domain's ProcessDefinition ⇄ baton.definition.v1.ProcessDefinition.
export { processDefinitionToProto } from './process-definition.to-proto';
export { processDefinitionFromProto, processDefinitionToSource } from './process-definition.from-proto';
export { definitionContentSha256 } from './content-hash';
export {
  DEFINITION_WIRE_GAPS,
  type DefinitionWireGap,
  type DefinitionWireGapHandling,
} from './definition-wire-gaps';
