import { access, parseDefinitionJson, parseDefinitionYaml, type ProcessDefinition } from '@baton/domain';
import type { EventStore, RecordedEvent, Subscription } from '@baton/eventstore';
import type { DefinitionDeprecatedData, DefinitionVersionPublishedData } from '@baton/event-wire';
import { EVENT_STORE } from '@baton/service-kit';
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DEFINITION_STREAM_PREFIX } from '../streams';

/** One published version as readers see it. */
export interface CatalogVersion {
  readonly tenantId: string;
  readonly published: DefinitionVersionPublishedData;
  readonly definition: ProcessDefinition;
  readonly publishedAt: Date;
  readonly publishedBy: string;
  readonly idempotencyKey?: string;
  readonly deprecated?: { readonly at: Date; readonly reason: string; readonly replacedByVersion?: number };
}

/** A definition's versions (oldest first) and its stream version. */
export interface CatalogEntry {
  readonly tenantId: string;
  readonly definitionId: string;
  readonly versions: CatalogVersion[];
  streamVersion: number;
}

/** What an idempotency key was first used for (keys are unique across a tenant's definitions). */
export type KeyedOutcome =
  | { readonly kind: 'publish'; readonly definitionId: string; readonly version: number }
  | { readonly kind: 'deprecate'; readonly definitionId: string; readonly data: DefinitionDeprecatedData };

/**
 * Every tenant's definitions and versions, keyed by tenant and definition id (the tenant from each
 * event's metadata), folded from the `definition-` streams: caught up from the store
 * at start, then kept live by the subscription and by the service's own writes (so a read after
 * a publish sees it at once).
 */
@Injectable()
export class DefinitionCatalog implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly entries = new Map<string, CatalogEntry>();
  private readonly keys = new Map<string, KeyedOutcome>();
  private subscription: Subscription | undefined;

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async onApplicationBootstrap(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.subscription = this.store.subscribeToAll({
        streamPrefixes: [DEFINITION_STREAM_PREFIX],
        handler: async (event) => this.apply(event),
        onCaughtUp: resolve,
      });
      this.subscription.done.catch(reject);
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.subscription?.stop();
  }

  /** A definition of one tenant; another tenant's definition of the same id is not it. */
  get(tenantId: string, definitionId: string): CatalogEntry | undefined {
    return this.entries.get(access.tenantScoped(tenantId, definitionId));
  }

  /** The command an idempotency key was first used with in the tenant, if any. */
  keyed(tenantId: string, idempotencyKey: string): KeyedOutcome | undefined {
    return this.keys.get(access.tenantScoped(tenantId, idempotencyKey));
  }

  /** The tenant's definitions; every tenant's when `tenantId` is undefined (a platform admin's list). */
  all(tenantId: string | undefined): CatalogEntry[] {
    const all = [...this.entries.values()];
    return tenantId === undefined ? all : all.filter((e) => e.tenantId === access.tenantOr(tenantId));
  }

  /** Applies a stored event; events already applied (same stream version) are ignored. */
  apply(event: RecordedEvent): void {
    if (!event.streamId.startsWith(DEFINITION_STREAM_PREFIX)) return;
    const tenantId = access.tenantOr(event.metadata.tenantId);
    const scoped = event.streamId.slice(DEFINITION_STREAM_PREFIX.length);
    const definitionId = access.splitTenantScoped(scoped).name;
    const entry = this.entries.get(scoped) ?? {
      tenantId,
      definitionId,
      versions: [],
      streamVersion: 0,
    };
    if (event.streamVersion <= entry.streamVersion) return;
    entry.streamVersion = event.streamVersion;
    this.entries.set(scoped, entry);
    if (event.type === 'DefinitionVersionPublished') {
      const published = event.data as DefinitionVersionPublishedData;
      const parsed =
        published.source.format === 'json'
          ? parseDefinitionJson(published.source.text)
          : parseDefinitionYaml(published.source.text);
      // A stored version always parsed when it was published; a failure here is a bug to surface.
      if (!parsed.ok) throw new Error(`stored ${definitionId} v${published.version} no longer parses`);
      entry.versions.push({
        tenantId,
        published,
        definition: parsed.definition,
        publishedAt: event.occurredAt,
        publishedBy: event.metadata.actor ?? '',
        ...(event.metadata.idempotencyKey ? { idempotencyKey: event.metadata.idempotencyKey } : {}),
      });
      const key = event.metadata.idempotencyKey;
      const keyOf = key && access.tenantScoped(tenantId, key);
      if (keyOf && !this.keys.has(keyOf))
        this.keys.set(keyOf, { kind: 'publish', definitionId, version: published.version });
    } else if (event.type === 'DefinitionDeprecated') {
      const d = event.data as DefinitionDeprecatedData;
      const deprecated = {
        at: event.occurredAt,
        reason: d.reason,
        ...(d.replacedByVersion !== undefined ? { replacedByVersion: d.replacedByVersion } : {}),
      };
      entry.versions.forEach((v, i) => {
        if ((d.version === undefined || v.published.version === d.version) && !v.deprecated) {
          entry.versions[i] = { ...{}, ...v, deprecated };
        }
      });
      const key = event.metadata.idempotencyKey;
      const keyOf = key && access.tenantScoped(tenantId, key);
      if (keyOf && !this.keys.has(keyOf)) this.keys.set(keyOf, { kind: 'deprecate', definitionId, data: d });
    }
  }
}
