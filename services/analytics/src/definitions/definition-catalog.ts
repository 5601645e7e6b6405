import { access } from '@baton/domain';
import type { ReadModelReader } from '../read-model-store/read-model-store.port';
import { DEFINITION_VERSIONS, type CatalogEntry } from './definition-catalog.projection';

type Step = CatalogEntry['steps'][number];

/** The definition versions the analytics service knows, for names, kinds and owners. */
export class DefinitionCatalog {
  private constructor(private readonly entries: ReadonlyMap<string, CatalogEntry>) {}

  /**
   * Reads the versions of one definition, or of all, of one tenant (absent: the default tenant),
   * by the ids that tenant names them with: another tenant's definitions are not there.
   */
  static async load(
    reader: ReadModelReader,
    definitionId?: string,
    tenantId?: string,
  ): Promise<DefinitionCatalog> {
    const tenant = access.tenantOr(tenantId);
    const rows = await reader.range(DEFINITION_VERSIONS, {
      where: definitionId !== undefined ? { definition_id: access.tenantScoped(tenant, definitionId) } : {},
    });
    return new DefinitionCatalog(
      new Map(
        rows.flatMap((row) => {
          const scoped = access.splitTenantScoped(row['definition_id'] as string);
          if (scoped.tenantId !== tenant) return [];
          return [
            [key(scoped.name, row['version'] as number), JSON.parse(row['entry'] as string) as CatalogEntry],
          ];
        }),
      ),
    );
  }

  entry(definitionId: string, version: number): CatalogEntry | undefined {
    return this.entries.get(key(definitionId, version));
  }

  /** The step in that version or, without a version, in the latest version that has it. */
  step(definitionId: string, version: number | undefined, stepId: string): Step | undefined {
    if (version !== undefined) return this.entry(definitionId, version)?.steps.find((s) => s.id === stepId);
    for (const v of this.versions(definitionId).reverse()) {
      const found = this.entry(definitionId, v)?.steps.find((s) => s.id === stepId);
      if (found) return found;
    }
    return undefined;
  }

  /** The step's name, '' when unknown (`start` is the instance start). */
  stepName(definitionId: string, version: number | undefined, stepId: string): string {
    return this.step(definitionId, version, stepId)?.name ?? '';
  }

  /** The definitions known, each once. */
  definitionIds(): string[] {
    return [...new Set([...this.entries.keys()].map((k) => k.slice(0, k.indexOf('\u0000'))))];
  }

  /** Its latest version known, whose owner is the process owner. */
  latest(definitionId: string): CatalogEntry | undefined {
    const version = this.versions(definitionId).at(-1);
    return version === undefined ? undefined : this.entry(definitionId, version);
  }

  /** The versions known of a definition, ascending. */
  versions(definitionId: string): number[] {
    const prefix = `${definitionId}\u0000`;
    return [...this.entries.keys()]
      .filter((k) => k.startsWith(prefix))
      .map((k) => Number(k.slice(prefix.length)))
      .sort((a, b) => a - b);
  }
}

const key = (definitionId: string, version: number) => `${definitionId}\u0000${version}`;
