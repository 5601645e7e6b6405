import { definitionV1 } from '@baton/contracts';
import { access, IllegalStateError, ValidationError } from '@baton/domain';
import { exactVersion, noStream, WrongExpectedVersionError, type EventStore } from '@baton/eventstore';
import type { DefinitionVersionPublishedData } from '@baton/event-wire';
import { callerOf, type CallContext } from '@baton/grpc-server';
import { CLOCK, EVENT_STORE, toNewEvents, type Clock } from '@baton/service-kit';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DefinitionCatalog, type CatalogVersion } from '../catalog/definition-catalog';
import { blockingFindings, checkSource, contentSha256 } from '../definition-source';
import { definitionStream } from '../streams';

export class PublishDefinition {
  constructor(
    readonly source: definitionV1.DefinitionSource | undefined,
    readonly changeNote: string,
    readonly idempotencyKey: string,
    readonly expectedVersion: number | undefined,
    readonly context: CallContext,
    /** The structured form, instead of or beside `source`. */
    readonly definition?: definitionV1.ProcessDefinition,
  ) {}
}

/** The version a publish produced (or found), with the findings recorded with it. */
export interface Published {
  readonly version: CatalogVersion;
  readonly streamVersion: number;
}

const ATTEMPTS = 3;

/** An idempotency key retried with another request: INVALID_ARGUMENT, nothing recorded. */
export function reusedKey(key: string): ValidationError {
  return new ValidationError(
    'IDEMPOTENCY_KEY.REUSED',
    `idempotency_key ${key} was used for a different request`,
    [{ field: 'idempotency_key', description: 'was used for a different request', reason: 'REUSED' }],
  );
}

/**
 * Publishes a new immutable version. Refused while the definition is invalid or has unwaived
 * errors; an unchanged definition returns its latest version and records nothing (as a workflow
 * engine does on redeploying an unchanged resource); a retried idempotency key returns the first
 * outcome, and the same key with other content is INVALID_ARGUMENT.
 */
@CommandHandler(PublishDefinition)
export class PublishDefinitionHandler implements ICommandHandler<PublishDefinition, Published> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(DefinitionCatalog) private readonly catalog: DefinitionCatalog,
  ) {}

  async execute(command: PublishDefinition): Promise<Published> {
    const checked = checkSource(command.source, command.definition);
    const blocking = blockingFindings(checked.findings);
    const id = checked.definition.id;
    if (blocking.length > 0) {
      throw new IllegalStateError(
        'DEFINITION.LINT_BLOCKED',
        `${id} cannot be published: ${blocking.length} unwaived lint error(s), first: ${blocking[0]?.path}: ${blocking[0]?.message}`,
        {
          currentState: 'unpublishable',
          allowed: ['LintDefinition', 'ValidateDefinition'],
          violations: blocking.map((f) => ({
            type: f.ruleId,
            subject: f.path,
            description: `${f.message}${f.line !== undefined ? ` (line ${f.line}:${f.column ?? 1})` : ''}`,
          })),
        },
      );
    }
    const sha = contentSha256(checked.definition);
    const tenantId = command.context.tenantId;
    for (let attempt = 1; ; attempt++) {
      const entry = this.catalog.get(tenantId, id);
      const streamVersion = entry?.streamVersion ?? 0;
      const caller = callerOf(command.context);
      // The process owner is the latest version's owner: checked against each attempt's catalog.
      if (caller)
        access.requireDefinitionPublish(caller, entry?.versions.at(-1)?.definition, checked.definition);
      if (command.idempotencyKey) {
        const keyed = this.catalog.keyed(tenantId, command.idempotencyKey);
        if (keyed) {
          const earlier =
            keyed.kind === 'publish'
              ? this.catalog
                  .get(tenantId, keyed.definitionId)
                  ?.versions.find((v) => v.published.version === keyed.version)
              : undefined;
          if (
            !earlier ||
            earlier.published.contentSha256 !== sha ||
            (earlier.published.changeNote ?? '') !== command.changeNote
          ) {
            throw reusedKey(command.idempotencyKey);
          }
          return { version: earlier, streamVersion };
        }
      }
      if (command.expectedVersion !== undefined && command.expectedVersion !== streamVersion) {
        throw new WrongExpectedVersionError(
          definitionStream(tenantId, id),
          exactVersion(command.expectedVersion),
          streamVersion,
        );
      }
      const latest = entry?.versions.at(-1);
      if (latest && latest.published.contentSha256 === sha && !latest.deprecated) {
        return { version: latest, streamVersion };
      }
      const data: DefinitionVersionPublishedData = {
        definitionId: id,
        version: (latest?.published.version ?? 0) + 1,
        contentSha256: sha,
        source: { format: checked.format, text: checked.text },
        findings: checked.findings,
        ...(command.changeNote ? { changeNote: command.changeNote } : {}),
      };
      const events = toNewEvents(
        [
          {
            type: 'DefinitionVersionPublished',
            data,
            at: this.clock.now(),
            ...(command.idempotencyKey ? { idempotencyKey: command.idempotencyKey } : {}),
          },
        ],
        command.context,
      );
      try {
        const stream = definitionStream(tenantId, id);
        await this.store.append(stream, events, streamVersion === 0 ? noStream : exactVersion(streamVersion));
        for (const e of await this.store.readStream(stream, { fromVersion: streamVersion + 1 })) {
          this.catalog.apply(e);
        }
      } catch (error) {
        // Another publisher got there first: look again (unless the caller pinned a version).
        if (!(error instanceof WrongExpectedVersionError) || command.expectedVersion !== undefined)
          throw error;
        if (attempt >= ATTEMPTS) throw error;
        for (const e of await this.store.readStream(definitionStream(tenantId, id), {
          fromVersion: streamVersion + 1,
        })) {
          this.catalog.apply(e);
        }
        continue;
      }
      const stored = this.catalog.get(tenantId, id);
      const version = stored?.versions.find((v) => v.published.version === data.version);
      if (!stored || !version) throw new Error(`published ${id} v${data.version} is not in the catalog`);
      return { version, streamVersion: stored.streamVersion };
    }
  }
}
