import { definitionV1 } from '@baton/contracts';
import { unimplementedService } from '@baton/grpc-server';

/** The definition service as served over gRPC; its use cases replace the unimplemented handlers. */
export const definitionGrpcService = unimplementedService(
  'baton.definition.v1.DefinitionService',
  definitionV1.DefinitionServiceService,
  'baton/definition/v1/definition_service.proto',
);
