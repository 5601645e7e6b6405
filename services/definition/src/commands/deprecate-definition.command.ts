import { access, NotFoundError } from '@baton/domain';
import { exactVersion, WrongExpectedVersionError, type EventStore } from '@baton/eventstore';
import type { DefinitionDeprecatedData } from '@baton/event-wire';
import { callerOf, type CallContext } from '@baton/grpc-server';
import { CLOCK, EVENT_STORE, toNewEvents, type Clock } from '@baton/service-kit';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DefinitionCatalog, type CatalogVersion } from '../catalog/definition-catalog';
import { definitionStream } from '../streams';
import { reusedKey } from './publish-definition.command';

export class DeprecateDefinition {
  constructor(
    readonly definitionId: string,
    readonly version: number | undefined,
    readonly reason: string,
    readonly replacedByVersion: number | undefined,
    readonly idempotencyKey: string,
    readonly expectedVersion: number | undefined,
    readonly context: CallContext,
  ) {}
}

export interface Deprecated {
  readonly versions: CatalogVersion[];
  readonly streamVersion: number;
}

/**
 * Deprecates one version or all: no new instances start on them, running ones continue.
 * Deprecating what is already deprecated records nothing.
 */
@CommandHandler(DeprecateDefinition)
export class DeprecateDefinitionHandler implements ICommandHandler<DeprecateDefinition, Deprecated> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(DefinitionCatalog) private readonly catalog: DefinitionCatalog,
  ) {}

  async execute(c: DeprecateDefinition): Promise<Deprecated> {
    const tenantId = c.context.tenantId;
    const entry = this.catalog.get(tenantId, c.definitionId);
    if (!entry || entry.versions.length === 0) {
      throw new NotFoundError('DEFINITION.NOT_FOUND', `no definition ${c.definitionId}`, {
        resourceType: 'baton.definition.v1.DefinitionVersion',
        resourceName: c.definitionId,
      });
    }
    const caller = callerOf(c.context);
    const latest = entry.versions.at(-1);
    if (caller && latest) access.requireDefinitionDeprecate(caller, latest.definition);
    const targets = entry.versions.filter(
      (v) => c.version === undefined || v.published.version === c.version,
    );
    if (targets.length === 0) {
      throw new NotFoundError(
        'DEFINITION.VERSION_NOT_FOUND',
        `${c.definitionId} has no version ${c.version}`,
        {
          resourceType: 'baton.definition.v1.DefinitionVersion',
          resourceName: `${c.definitionId}@${c.version}`,
        },
      );
    }
    if (
      c.replacedByVersion !== undefined &&
      !entry.versions.some((v) => v.published.version === c.replacedByVersion)
    ) {
      throw new NotFoundError(
        'DEFINITION.VERSION_NOT_FOUND',
        `replaced_by_version ${c.replacedByVersion} of ${c.definitionId} does not exist`,
        {
          resourceType: 'baton.definition.v1.DefinitionVersion',
          resourceName: `${c.definitionId}@${c.replacedByVersion}`,
        },
      );
    }
    const versions = () => {
      const now = this.catalog.get(tenantId, c.definitionId);
      return (now?.versions ?? []).filter(
        (v) => c.version === undefined || v.published.version === c.version,
      );
    };
    const keyed = c.idempotencyKey ? this.catalog.keyed(tenantId, c.idempotencyKey) : undefined;
    if (
      keyed &&
      (keyed.kind !== 'deprecate' ||
        keyed.definitionId !== c.definitionId ||
        keyed.data.version !== c.version ||
        keyed.data.reason !== c.reason ||
        keyed.data.replacedByVersion !== c.replacedByVersion)
    ) {
      throw reusedKey(c.idempotencyKey);
    }
    if (keyed || targets.every((v) => v.deprecated)) {
      return { versions: versions(), streamVersion: entry.streamVersion };
    }
    if (c.expectedVersion !== undefined && c.expectedVersion !== entry.streamVersion) {
      throw new WrongExpectedVersionError(
        definitionStream(tenantId, c.definitionId),
        exactVersion(c.expectedVersion),
        entry.streamVersion,
      );
    }
    const data: DefinitionDeprecatedData = {
      definitionId: c.definitionId,
      ...(c.version !== undefined ? { version: c.version } : {}),
      reason: c.reason,
      ...(c.replacedByVersion !== undefined ? { replacedByVersion: c.replacedByVersion } : {}),
    };
    const stream = definitionStream(tenantId, c.definitionId);
    const from = entry.streamVersion;
    await this.store.append(
      stream,
      toNewEvents(
        [
          {
            type: 'DefinitionDeprecated',
            data,
            at: this.clock.now(),
            ...(c.idempotencyKey ? { idempotencyKey: c.idempotencyKey } : {}),
          },
        ],
        c.context,
      ),
      exactVersion(from),
    );
    for (const e of await this.store.readStream(stream, { fromVersion: from + 1 })) this.catalog.apply(e);
    return {
      versions: versions(),
      streamVersion: this.catalog.get(tenantId, c.definitionId)?.streamVersion ?? from + 1,
    };
  }
}
