// Baton's public contracts: the generated ts-proto code (never edited; see buf.gen.yaml) under
// one namespace per proto package, plus the topic names and Any helpers every service shares.
export * as commonV1 from './gen/index.baton.common.v1';
export * as definitionV1 from './gen/index.baton.definition.v1';
export * as executionV1 from './gen/index.baton.execution.v1';
export * as ownershipV1 from './gen/index.baton.ownership.v1';
export * as analyticsV1 from './gen/index.baton.analytics.v1';
export * as googleRpc from './gen/index.google.rpc';
export * as googleProtobuf from './gen/index.google.protobuf';
export { messageTypeRegistry, type MessageType } from './gen/typeRegistry';

export * from './topics';
export * from './any-codec';
export * from './event-catalog';
