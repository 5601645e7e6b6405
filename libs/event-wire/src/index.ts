// Baton's stored events ⇄ the public wire format (baton.common.v1.EventEnvelope on Kafka).
export { MalformedMessageError, UnmappedEventTypeError, type MalformedReason } from './errors';
export type { EventDataMapper, WireContext } from './mappers/event-data-mapper';
export {
  dataMapperFor,
  eventDataMappers,
  WIRE_GAPS,
  WIRE_ONLY_EVENT_TYPES,
  type DomainEvent,
  type DomainEventData,
  type DomainEventType,
  type WireMessage,
} from './mappers/event-mappers';
export type {
  DefinitionDeprecated,
  DefinitionDeprecatedData,
  DefinitionEvent,
  DefinitionEventType,
  DefinitionSourceFormat,
  DefinitionVersionPublished,
  DefinitionVersionPublishedData,
  PublishedLintFinding,
} from './mappers/definition.mappers';
export { decodeEnvelope, encodeEnvelope, EVENT_ENVELOPE_TYPE } from './envelope';
export { PROTOBUF_CONTENT_TYPE, protobufEventMapper, topicForStream } from './protobuf-message.mapper';
export { decodeMessage } from './decode-message';
export {
  DEFINITION_WIRE_GAPS,
  definitionContentSha256,
  processDefinitionFromProto,
  processDefinitionToProto,
  processDefinitionToSource,
  type DefinitionWireGap,
  type DefinitionWireGapHandling,
} from './definition-model';
