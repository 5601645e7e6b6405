import { DEFINITION_EVENTS_TOPIC } from '@baton/contracts';
import {
  access,
  END,
  parseDefinitionJson,
  parseDefinitionYaml,
  redactionOf,
  type OwnerSpec,
  type ProcessDefinition,
  type StepKind,
} from '@baton/domain';
import type { DefinitionVersionPublishedData } from '@baton/event-wire';
import type { Projection } from '../projections/projection';
import type { Row, TableSpec } from '../read-model-store/read-model-store.port';

/** The definition service's streams, one per definition. */
export const DEFINITION_PREFIX = 'definition-';

/** What the analytics queries need of a definition version: names, kinds, owners, edges. */
export interface CatalogEntry {
  readonly name: string;
  /** The process owner (absent in rows written before it was recorded: no process owner's then). */
  readonly owner?: OwnerSpec;
  readonly steps: readonly {
    readonly id: string;
    readonly name: string;
    readonly kind: StepKind;
    readonly owner?: OwnerSpec;
  }[];
  /** Every designed edge A→B: a handoff's from × to (not into `end`), and rework or exception paths. */
  readonly edges: readonly { readonly handoffId: string; readonly from: string; readonly to: string }[];
  /** The fields marked sensitive (absent when none): the audit trail redacts their values. */
  readonly sensitive?: readonly string[];
  /** A sensitive field is a correlation key: business and correlation keys are redacted too. */
  readonly sensitiveKeys?: true;
}

/** Published definition versions (a CatalogEntry as JSON), keyed by the tenant-scoped definition id. */
export const DEFINITION_VERSIONS: TableSpec = {
  name: 'definition_versions',
  columns: { definition_id: 'text', version: 'integer', entry: 'text' },
  primaryKey: ['definition_id', 'version'],
};

export function catalogEntry(definition: ProcessDefinition): CatalogEntry {
  const redaction = redactionOf(definition);
  const sensitive = [...redaction.fields].sort();
  return {
    name: definition.name,
    ...(definition.owner ? { owner: definition.owner } : {}),
    steps: definition.steps.map((s) => ({
      id: s.id,
      name: s.name,
      kind: s.kind,
      ...(s.owner ? { owner: s.owner } : {}),
    })),
    edges: [
      ...definition.handoffs.flatMap((h) =>
        h.from.flatMap((from) =>
          h.to.filter((to) => to !== END).map((to) => ({ handoffId: h.id, from, to })),
        ),
      ),
      ...definition.exceptions.flatMap((x) =>
        'target' in x ? [{ handoffId: x.id, from: x.from, to: x.target }] : [],
      ),
    ],
    ...(sensitive.length > 0 ? { sensitive } : {}),
    ...(redaction.keys ? { sensitiveKeys: true as const } : {}),
  };
}

/**
 * The definition versions published, learned from the definition events topic: a version is
 * immutable, so a repeat writes the same row again. Statistics rows never depend on it; queries
 * join it for names (so whichever topic is read first, the answers are the same).
 */
export const definitionCatalogProjection: Projection = {
  name: 'definitions',
  tables: [DEFINITION_VERSIONS],
  topics: [DEFINITION_EVENTS_TOPIC],
  context: 'definition',
  streamPrefixes: [DEFINITION_PREFIX],
  async apply(tx, events) {
    const rows = events.flatMap(({ event }): Row[] => {
      if (event.type !== 'DefinitionVersionPublished') return [];
      const { definitionId, version, source } = event.data as DefinitionVersionPublishedData;
      const parsed =
        source.format === 'json' ? parseDefinitionJson(source.text) : parseDefinitionYaml(source.text);
      // The definition service publishes only versions that parse; anything else has no names to give.
      if (!parsed.ok) return [];
      // Definition ids are unique within a tenant: the key carries the tenant (the default's as before).
      const id = access.tenantScoped(access.tenantOr(event.metadata.tenantId), definitionId);
      return [{ definition_id: id, version, entry: JSON.stringify(catalogEntry(parsed.definition)) }];
    });
    if (rows.length > 0) await tx.put(DEFINITION_VERSIONS, rows);
  },
};
