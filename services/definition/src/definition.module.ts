import { Module, type DynamicModule } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { DefinitionCatalog } from './catalog/definition-catalog';
import { DeprecateDefinitionHandler } from './commands/deprecate-definition.command';
import { PublishDefinitionHandler } from './commands/publish-definition.command';
import { DefinitionGrpcController } from './definition.grpc-controller';
import { DefinitionRelay } from './definition-relay';
import { GetDefinitionHandler, ListDefinitionsHandler } from './queries/definition.queries';

/** The definition service: versioned, validated and linted process definitions. */
@Module({})
export class DefinitionModule {
  static forRoot(): DynamicModule {
    return {
      module: DefinitionModule,
      imports: [CqrsModule],
      providers: [
        DefinitionCatalog,
        PublishDefinitionHandler,
        DeprecateDefinitionHandler,
        GetDefinitionHandler,
        ListDefinitionsHandler,
        DefinitionGrpcController,
        DefinitionRelay,
      ],
      exports: [DefinitionCatalog],
    };
  }
}
