import { access, IllegalStateError, NotFoundError, type DefinitionVersion } from '@baton/domain';
import type { KnownDefinitionEvent } from './known-definition-events';

interface Entry {
  readonly tenantId: string;
  readonly definitionId: string;
  readonly versions: Map<number, DefinitionVersion>;
  readonly deprecated: Set<number>;
}

/**
 * The published definition versions execution knows, learned from the definition events topic
 * (and rebuilt from execution's own store at start-up), by tenant and definition id. In memory:
 * definitions are few.
 */
export class DefinitionCatalog {
  private readonly entries = new Map<string, Entry>();

  /** Folds one learned event in; repeats are harmless. */
  learn(event: KnownDefinitionEvent): void {
    const entry = this.entry(access.tenantOr(event.data.tenantId), event.data.definitionId);
    if (event.type === 'DefinitionVersionLearned') {
      entry.versions.set(event.data.version, {
        version: event.data.version,
        definition: event.data.definition,
        ...(event.data.contentSha256 !== undefined ? { contentSha256: event.data.contentSha256 } : {}),
      });
      return;
    }
    const versions = event.data.version !== undefined ? [event.data.version] : [...entry.versions.keys()];
    for (const v of versions) entry.deprecated.add(v);
  }

  /** Whether this version (or this deprecation) is known already. */
  knows(event: KnownDefinitionEvent): boolean {
    const entry = this.entries.get(
      access.tenantScoped(access.tenantOr(event.data.tenantId), event.data.definitionId),
    );
    if (!entry) return false;
    if (event.type === 'DefinitionVersionLearned') return entry.versions.has(event.data.version);
    const versions = event.data.version !== undefined ? [event.data.version] : [...entry.versions.keys()];
    return versions.length > 0 && versions.every((v) => entry.deprecated.has(v));
  }

  /** A version an instance runs on (deprecated or not). */
  version(tenantId: string, definitionId: string, version: number): DefinitionVersion | undefined {
    return this.entries.get(access.tenantScoped(tenantId, definitionId))?.versions.get(version);
  }

  /** The version to start: the one asked for, or the latest active one. */
  forStart(tenantId: string, definitionId: string, version?: number): DefinitionVersion {
    const entry = this.entries.get(access.tenantScoped(tenantId, definitionId));
    const notFound = (what: string) =>
      new NotFoundError('DEFINITION.NOT_FOUND', `${what} is not published`, {
        resourceType: 'baton.definition.v1.DefinitionVersion',
        resourceName: version === undefined ? definitionId : `${definitionId}@${version}`,
      });
    if (!entry || entry.versions.size === 0) throw notFound(`definition ${definitionId}`);
    const active = [...entry.versions.keys()].filter((v) => !entry.deprecated.has(v)).sort((a, b) => b - a);
    if (version === undefined) {
      const latest = active[0];
      if (latest === undefined) throw deprecated(definitionId, 'every version', active);
      return entry.versions.get(latest) as DefinitionVersion;
    }
    const found = entry.versions.get(version);
    if (!found) throw notFound(`definition ${definitionId} version ${version}`);
    if (entry.deprecated.has(version)) throw deprecated(definitionId, `version ${version}`, active);
    return found;
  }

  /** The latest active version of each of the tenant's definitions that a trigger of this type starts. */
  startingOn(tenantId: string, triggerType: string): DefinitionVersion[] {
    const result: DefinitionVersion[] = [];
    const tenant = access.tenantOr(tenantId);
    for (const entry of this.entries.values()) {
      if (entry.tenantId !== tenant) continue;
      let latest: DefinitionVersion;
      try {
        latest = this.forStart(tenant, entry.definitionId);
      } catch {
        continue;
      }
      if (latest.definition.triggers.some((t) => t.event === triggerType)) result.push(latest);
    }
    return result;
  }

  private entry(tenantId: string, definitionId: string): Entry {
    const key = access.tenantScoped(tenantId, definitionId);
    let entry = this.entries.get(key);
    if (!entry) {
      entry = { tenantId, definitionId, versions: new Map(), deprecated: new Set() };
      this.entries.set(key, entry);
    }
    return entry;
  }
}

function deprecated(definitionId: string, what: string, active: readonly number[]): IllegalStateError {
  const allowed = active.length > 0 ? `active versions: ${active.join(', ')}` : 'no active version';
  return new IllegalStateError(
    'DEFINITION.DEPRECATED',
    `${what} of definition ${definitionId} is deprecated; no new instances start on it (${allowed})`,
    { currentState: 'deprecated', allowed: active.map((v) => `StartInstance@${v}`) },
  );
}
