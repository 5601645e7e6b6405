import { definitionV1 } from '@baton/contracts';
import { unaryHandlers, type CallGuard, type HostedService } from '@baton/grpc-server';
import type { INestApplicationContext } from '@nestjs/common';
import { DefinitionGrpcController } from './definition.grpc-controller';

/** The definition service as served over gRPC, from an initialised Nest context; `guard` admits its callers. */
export function definitionHostedService(app: INestApplicationContext, guard?: CallGuard): HostedService {
  const definition = definitionV1.DefinitionServiceService;
  return {
    name: 'baton.definition.v1.DefinitionService',
    definition,
    protoFile: 'baton/definition/v1/definition_service.proto',
    implementation: unaryHandlers(
      definition,
      app.get(DefinitionGrpcController).handlers(),
      {
        domain: 'baton.definition',
        onInternal: (error, id) => console.error(`definition: incident ${id}`, error),
      },
      guard,
    ),
  };
}
