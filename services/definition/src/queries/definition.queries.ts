import { NotFoundError, type ProcessCategory } from '@baton/domain';
import { pageOf } from '@baton/grpc-server';
import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DefinitionCatalog, type CatalogVersion } from '../catalog/definition-catalog';

export class GetDefinition {
  constructor(
    readonly tenantId: string,
    readonly definitionId: string,
    readonly version: number | undefined,
  ) {}
}

/**
 * One version of the caller's tenant; without a version the latest (active or not). Another
 * tenant's definition is NOT_FOUND, as one that does not exist.
 */
@QueryHandler(GetDefinition)
export class GetDefinitionHandler implements IQueryHandler<GetDefinition, CatalogVersion> {
  constructor(@Inject(DefinitionCatalog) private readonly catalog: DefinitionCatalog) {}

  async execute(q: GetDefinition): Promise<CatalogVersion> {
    const versions = this.catalog.get(q.tenantId, q.definitionId)?.versions ?? [];
    const found =
      q.version === undefined ? versions.at(-1) : versions.find((v) => v.published.version === q.version);
    if (!found) {
      const name = q.version === undefined ? q.definitionId : `${q.definitionId}@${q.version}`;
      throw new NotFoundError(
        versions.length === 0 ? 'DEFINITION.NOT_FOUND' : 'DEFINITION.VERSION_NOT_FOUND',
        `no definition ${name}`,
        { resourceType: 'baton.definition.v1.DefinitionVersion', resourceName: name },
      );
    }
    return found;
  }
}

export interface ListFilter {
  readonly definitionId?: string;
  readonly category?: ProcessCategory;
  readonly showDeprecated: boolean;
  readonly ownerTeamId?: string;
}

export class ListDefinitions {
  constructor(
    /** The caller's tenant; undefined lists every tenant's (a platform admin's request). */
    readonly tenantId: string | undefined,
    readonly filter: ListFilter,
    readonly pageSize: number,
    readonly pageToken: string,
  ) {}
}

/**
 * The latest listed version of each definition by id, or every version of one definition
 * (newest first); deprecated versions only when asked.
 */
@QueryHandler(ListDefinitions)
export class ListDefinitionsHandler implements IQueryHandler<ListDefinitions> {
  constructor(@Inject(DefinitionCatalog) private readonly catalog: DefinitionCatalog) {}

  async execute(q: ListDefinitions): Promise<{ items: CatalogVersion[]; nextPageToken: string }> {
    const f = q.filter;
    const listed = (v: CatalogVersion) =>
      (f.showDeprecated || !v.deprecated) &&
      (f.category === undefined || v.definition.category === f.category) &&
      (f.ownerTeamId === undefined ||
        (v.definition.owner?.kind === 'team' && v.definition.owner.teamId === f.ownerTeamId));
    const one = (tenantId: string) => [...(this.catalog.get(tenantId, f.definitionId ?? '')?.versions ?? [])];
    const items = f.definitionId
      ? (q.tenantId === undefined
          ? this.catalog.all(undefined).flatMap((e) => (e.definitionId === f.definitionId ? e.versions : []))
          : one(q.tenantId)
        )
          .reverse()
          .filter(listed)
      : this.catalog
          .all(q.tenantId)
          .sort((a, b) =>
            a.definitionId !== b.definitionId
              ? a.definitionId < b.definitionId
                ? -1
                : 1
              : a.tenantId < b.tenantId
                ? -1
                : 1,
          )
          .flatMap((e) => {
            const latest = [...e.versions].reverse().find(listed);
            return latest ? [latest] : [];
          });
    return pageOf(
      items,
      q.pageSize,
      q.pageToken,
      JSON.stringify({ ...{}, ...f, tenantId: q.tenantId ?? '*' }),
    );
  }
}
