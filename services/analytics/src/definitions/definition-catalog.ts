import type { ReadModelReader } from '../read-model-store/read-model-store.port';
import { DEFINITION_VERSIONS, type CatalogEntry } from './definition-catalog.projection';

type Step = CatalogEntry['steps'][number];

/** The definition versions the analytics service knows, for names, kinds and owners. */
export class DefinitionCatalog {
  private constructor(private readonly entries: ReadonlyMap<string, CatalogEntry>) {}

  /** Reads the versions of one definition, or of all. */
  static async load(reader: ReadModelReader, definitionId?: string): Promise<DefinitionCatalog> {
    const rows = await reader.range(DEFINITION_VERSIONS, {
      where: definitionId !== undefined ? { definition_id: definitionId } : {},
    });
    return new DefinitionCatalog(
      new Map(
        rows.map((row) => [
          key(row['definition_id'] as string, row['version'] as number),
          JSON.parse(row['entry'] as string) as CatalogEntry,
        ]),
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
