import { access } from '@baton/domain';
import { createHash } from 'node:crypto';

/** Stream and checkpoint names owned by the execution service. */
export const INSTANCE_STREAM_PREFIX = 'instance-';
export const KNOWN_DEFINITION_STREAM_PREFIX = 'execution-known-definition-';
export const KNOWN_CALENDARS_STREAM_PREFIX = 'execution-known-calendars-';

/** The instance's own stream: its audit trail, relayed to the execution events topic. */
export const instanceStream = (instanceId: string): string => `${INSTANCE_STREAM_PREFIX}${instanceId}`;

export const isInstanceStream = (streamId: string): boolean => streamId.startsWith(INSTANCE_STREAM_PREFIX);

export const instanceIdOf = (streamId: string): string => streamId.slice(INSTANCE_STREAM_PREFIX.length);

/** What execution learned about one definition from the definition events topic (internal). */
export const knownDefinitionStream = (tenantId: string | undefined, definitionId: string): string =>
  `${KNOWN_DEFINITION_STREAM_PREFIX}${access.tenantScoped(access.tenantOr(tenantId), definitionId)}`;

/** The calendar events execution learned of one tenant, from ownership's events topic (internal). */
export const knownCalendarsStream = (tenantId: string | undefined): string =>
  `${KNOWN_CALENDARS_STREAM_PREFIX}${access.tenantOr(tenantId)}`;

/** The team memberships execution learned, of every tenant, from ownership's events topic (internal). */
export const KNOWN_MEMBERS_STREAM = 'execution-known-members';

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/**
 * Claims of a business key among running instances of one definition of one tenant (internal).
 * The default tenant's names are as before tenancy; others' carry `{tenant}/` before the id.
 */
export const businessKeyClaimStream = (tenantId: string, definitionId: string, businessKey: string): string =>
  `execution-business-key-${access.tenantScoped(tenantId, definitionId)}-${sha256(businessKey)}`;

/** Claims of a StartInstance idempotency key for one definition of one tenant (internal). */
export const startKeyClaimStream = (tenantId: string, definitionId: string, idempotencyKey: string): string =>
  `execution-start-key-${access.tenantScoped(tenantId, definitionId)}-${sha256(idempotencyKey)}`;

/** Consumer groups of the execution service. */
export const DEFINITIONS_GROUP = 'execution-definitions';
export const TRIGGERS_GROUP = 'execution-triggers';
