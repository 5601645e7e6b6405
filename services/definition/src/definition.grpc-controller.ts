import { definitionV1 } from '@baton/contracts';
import { access, ValidationError, type ProcessCategory } from '@baton/domain';
import { callerOf, RequestCheck, type UnaryHandler } from '@baton/grpc-server';
import { Inject, Injectable } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import type { CatalogVersion } from './catalog/definition-catalog';
import { DeprecateDefinition, type Deprecated } from './commands/deprecate-definition.command';
import { PublishDefinition, type Published } from './commands/publish-definition.command';
import { blockingFindings, checkSource } from './definition-source';
import { findingToProto, versionToProto } from './definition-version.mapper';
import { processDefinitionToProto } from '@baton/event-wire';
import { GetDefinition, ListDefinitions } from './queries/definition.queries';

type Handlers = Record<string, UnaryHandler<never, unknown>>;

const MAX_REASON = 2_000;
const MAX_KEY = 500;

const categories: Partial<Record<definitionV1.ProcessCategory, ProcessCategory>> = {
  [definitionV1.ProcessCategory.PROCESS_CATEGORY_OPERATIONAL]: 'operational',
  [definitionV1.ProcessCategory.PROCESS_CATEGORY_MANAGEMENT]: 'management',
  [definitionV1.ProcessCategory.PROCESS_CATEGORY_SUPPORT]: 'support',
};

const viewOf = (view: definitionV1.DefinitionView, fallback: 'basic' | 'full') =>
  view === definitionV1.DefinitionView.DEFINITION_VIEW_BASIC
    ? 'basic'
    : view === definitionV1.DefinitionView.DEFINITION_VIEW_FULL
      ? 'full'
      : fallback;

const optionalInt = (value: string | number | undefined): number | undefined =>
  value === undefined ? undefined : Number(value);

/** Maps DefinitionService RPCs to commands and queries. */
@Injectable()
export class DefinitionGrpcController {
  constructor(
    @Inject(CommandBus) private readonly commands: CommandBus,
    @Inject(QueryBus) private readonly queries: QueryBus,
  ) {}

  handlers(): Handlers {
    const validateDefinition: UnaryHandler<
      definitionV1.ValidateDefinitionRequest,
      definitionV1.ValidateDefinitionResponse
    > = async (r) => {
      try {
        const { definition } = checkSource(r.source, r.definition);
        return definitionV1.ValidateDefinitionResponse.fromPartial({
          valid: true,
          findings: [],
          definition: processDefinitionToProto(definition),
        });
      } catch (error) {
        if (!(error instanceof ValidationError) || error.code !== 'DEFINITION.INVALID') throw error;
        return definitionV1.ValidateDefinitionResponse.fromPartial({
          valid: false,
          findings: error.violations.map((v) => ({
            ruleId: 'schema',
            severity: definitionV1.Severity.SEVERITY_ERROR,
            message: v.description,
            path: v.field.replace(/^definition\./, ''),
          })),
        });
      }
    };

    const lintDefinition: UnaryHandler<
      definitionV1.LintDefinitionRequest,
      definitionV1.LintDefinitionResponse
    > = async (r) => {
      const { findings } = checkSource(r.source, r.definition);
      return definitionV1.LintDefinitionResponse.fromPartial({
        findings: findings.map(findingToProto),
        blocking: blockingFindings(findings).length > 0,
      });
    };

    const publishDefinition: UnaryHandler<
      definitionV1.PublishDefinitionRequest,
      definitionV1.PublishDefinitionResponse
    > = async (r, ctx) => {
      new RequestCheck()
        .maxLength(r.changeNote, 'change_note', MAX_REASON)
        .maxLength(r.idempotencyKey, 'idempotency_key', MAX_KEY)
        .require(
          r.expectedVersion === undefined || Number(r.expectedVersion) >= 0,
          'expected_version',
          'must not be negative',
        )
        .done('PublishDefinitionRequest');
      const published: Published = await this.commands.execute(
        new PublishDefinition(
          r.source,
          r.changeNote,
          r.idempotencyKey,
          optionalInt(r.expectedVersion),
          ctx,
          r.definition,
        ),
      );
      return definitionV1.PublishDefinitionResponse.fromPartial({
        definitionVersion: versionToProto(published.version, 'full'),
        findings: published.version.published.findings.map(findingToProto),
      });
    };

    const deprecateDefinition: UnaryHandler<
      definitionV1.DeprecateDefinitionRequest,
      definitionV1.DeprecateDefinitionResponse
    > = async (r, ctx) => {
      new RequestCheck()
        .nonEmpty(r.definitionId, 'definition_id')
        .nonEmpty(r.reason, 'reason')
        .maxLength(r.reason, 'reason', MAX_REASON)
        .maxLength(r.idempotencyKey, 'idempotency_key', MAX_KEY)
        .require(r.version === undefined || r.version > 0, 'version', 'must be positive')
        .done('DeprecateDefinitionRequest');
      const done: Deprecated = await this.commands.execute(
        new DeprecateDefinition(
          r.definitionId,
          r.version,
          r.reason,
          r.replacedByVersion,
          r.idempotencyKey,
          optionalInt(r.expectedVersion),
          ctx,
        ),
      );
      return definitionV1.DeprecateDefinitionResponse.fromPartial({
        definitionVersions: done.versions.map((v) => versionToProto(v, 'basic')),
        streamVersion: String(done.streamVersion),
      });
    };

    const getDefinition: UnaryHandler<
      definitionV1.GetDefinitionRequest,
      definitionV1.GetDefinitionResponse
    > = async (r, ctx) => {
      new RequestCheck()
        .nonEmpty(r.definitionId, 'definition_id')
        .require(r.version === undefined || r.version > 0, 'version', 'must be positive')
        .done('GetDefinitionRequest');
      const found: CatalogVersion = await this.queries.execute(
        new GetDefinition(ctx.tenantId, r.definitionId, r.version),
      );
      return definitionV1.GetDefinitionResponse.fromPartial({
        definitionVersion: versionToProto(found, viewOf(r.view, 'full')),
      });
    };

    const listDefinitions: UnaryHandler<
      definitionV1.ListDefinitionsRequest,
      definitionV1.ListDefinitionsResponse
    > = async (r, ctx) => {
      const category = categories[r.category];
      if (r.allTenants) access.requireCrossTenant(callerOf(ctx));
      const result: { items: CatalogVersion[]; nextPageToken: string } = await this.queries.execute(
        new ListDefinitions(
          r.allTenants ? undefined : ctx.tenantId,
          {
            ...{},
            ...(r.definitionId ? { definitionId: r.definitionId } : {}),
            ...(category ? { category } : {}),
            showDeprecated: r.showDeprecated,
            ...(r.ownerTeamId ? { ownerTeamId: r.ownerTeamId } : {}),
          },
          r.pageSize,
          r.pageToken,
        ),
      );
      const view = viewOf(r.view, 'basic');
      return definitionV1.ListDefinitionsResponse.fromPartial({
        definitionVersions: result.items.map((v) => versionToProto(v, view)),
        nextPageToken: result.nextPageToken,
      });
    };

    return {
      validateDefinition,
      lintDefinition,
      publishDefinition,
      deprecateDefinition,
      getDefinition,
      listDefinitions,
    } as Handlers;
  }
}
