import { access, parseDefinitionJson, parseDefinitionYaml, type DefinitionVersion } from '@baton/domain';
import type { DefinitionDeprecatedData, DefinitionVersionPublishedData } from '@baton/event-wire';

/**
 * Events of execution's internal `execution-known-definition-{id}` streams (`{tenant}/{id}` outside
 * the default tenant). `tenantId` is absent for the default tenant (and in events stored before tenancy).
 */
export type KnownDefinitionEvent =
  | {
      readonly type: 'DefinitionVersionLearned';
      readonly data: DefinitionVersion & { readonly definitionId: string; readonly tenantId?: string };
    }
  | {
      readonly type: 'DefinitionDeprecationLearned';
      readonly data: {
        readonly definitionId: string;
        readonly tenantId?: string;
        readonly version?: number;
        readonly reason: string;
      };
    };

export const KNOWN_DEFINITION_EVENT_TYPES: readonly string[] = [
  'DefinitionVersionLearned',
  'DefinitionDeprecationLearned',
];

/** A definition event execution cannot use (its source does not parse). */
export class UnusableDefinitionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnusableDefinitionError';
  }
}

/**
 * What execution learns from a definition service event (its stored data, as event-wire decodes
 * it): a published version with its source parsed into the domain model, or a deprecation.
 * Undefined for event types execution ignores.
 */
export function learnedFrom(
  type: string,
  data: unknown,
  tenantId: string = access.DEFAULT_TENANT,
): KnownDefinitionEvent | undefined {
  const tenant = access.tenantOr(tenantId) === access.DEFAULT_TENANT ? {} : { tenantId };
  if (type === 'DefinitionVersionPublished') {
    const published = data as DefinitionVersionPublishedData;
    const parsed =
      published.source.format === 'json'
        ? parseDefinitionJson(published.source.text)
        : parseDefinitionYaml(published.source.text);
    if (!parsed.ok) {
      const first = parsed.errors[0];
      throw new UnusableDefinitionError(
        `definition ${published.definitionId} version ${published.version} does not parse: ${first?.path ?? ''} ${first?.message ?? ''}`,
      );
    }
    return {
      type: 'DefinitionVersionLearned',
      data: {
        definitionId: published.definitionId,
        ...tenant,
        version: published.version,
        definition: parsed.definition,
        ...(published.contentSha256 ? { contentSha256: published.contentSha256 } : {}),
      },
    };
  }
  if (type === 'DefinitionDeprecated') {
    const deprecated = data as DefinitionDeprecatedData;
    return {
      type: 'DefinitionDeprecationLearned',
      data: {
        definitionId: deprecated.definitionId,
        ...tenant,
        ...(deprecated.version !== undefined ? { version: deprecated.version } : {}),
        reason: deprecated.reason,
      },
    };
  }
  return undefined;
}
