import {
  access,
  parseDefinitionJson,
  parseDefinitionYaml,
  REDACT_ALL,
  redactionOf,
  type Redaction,
} from '@baton/domain';
import type { EventStore } from '@baton/eventstore';

/** What the export needs to know of a definition version: what to redact in its instances. */
export type RedactionLookup = (
  tenantId: string | undefined,
  definitionId: string,
  version: number,
) => Promise<Redaction>;

/** The definition service's streams: `definition-<id>`, `definition-<tenant>/<id>` (ADR 0015). */
const definitionStream = (tenantId: string | undefined, definitionId: string) =>
  `definition-${access.tenantScoped(access.tenantOr(tenantId), definitionId)}`;

interface PublishedVersion {
  readonly version: number;
  readonly source: { readonly format: string; readonly text: string };
}

/**
 * Reads each definition's versions from the store that holds the definition service's streams
 * (the embedded store, or the definition service's own schema) once, and answers the redaction of
 * each version: its sensitive fields. A version not found there, or that does not parse, gets
 * `REDACT_ALL`: an export never shows what it could not check.
 */
export function definitionRedactions(store: Pick<EventStore, 'readStream'>): RedactionLookup {
  const known = new Map<string, Promise<ReadonlyMap<number, Redaction>>>();
  const versionsOf = async (stream: string): Promise<ReadonlyMap<number, Redaction>> => {
    const versions = new Map<number, Redaction>();
    for (const event of await store.readStream(stream)) {
      if (event.type !== 'DefinitionVersionPublished') continue;
      const { version, source } = event.data as PublishedVersion;
      const parsed =
        source.format === 'json' ? parseDefinitionJson(source.text) : parseDefinitionYaml(source.text);
      if (parsed.ok) versions.set(version, redactionOf(parsed.definition));
    }
    return versions;
  };
  return async (tenantId, definitionId, version) => {
    const stream = definitionStream(tenantId, definitionId);
    let versions = known.get(stream);
    if (!versions) {
      versions = versionsOf(stream);
      known.set(stream, versions);
    }
    return (await versions).get(version) ?? REDACT_ALL;
  };
}
