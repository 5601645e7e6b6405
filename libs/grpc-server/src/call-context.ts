import type { access } from '@baton/domain';
import type { Metadata } from '@grpc/grpc-js';

/** What a caller may do, as its credentials state it (see docs/security.md). */
export interface CallGrants {
  readonly roles: readonly access.Role[];
  /** The teams the caller belongs to (a team lead leads them). */
  readonly teams: readonly string[];
}

/**
 * Who is calling and on whose behalf, established by the server's CallGuard from the call's
 * credentials (a verified token), never from request fields. `actor` is what every event the
 * call records names as its actor.
 */
export interface CallContext {
  readonly tenantId: string;
  readonly actor: string;
  /** W3C trace context of the caller, when it sent one. */
  readonly traceparent?: string;
  /**
   * Set on every call that passed a guard. Absent only on commands Baton issues itself without a
   * call (trigger consumers, timers), which no caller chose.
   */
  readonly grants?: CallGrants;
}

/** The caller as the access rules see it; undefined for Baton's own commands (no grants). */
export function callerOf(context: CallContext): access.Caller | undefined {
  const grants = context.grants;
  return grants ? { subject: context.actor, roles: grants.roles, teams: grants.teams } : undefined;
}

/**
 * Metadata keys Baton reads. `tenant` and `actor` are trusted only by the development identity
 * (docs/security.md); with authentication on, the verified token in `authorization` says both.
 */
export const CallMetadata = {
  authorization: 'authorization',
  tenant: 'x-baton-tenant',
  actor: 'x-baton-actor',
  traceparent: 'traceparent',
} as const;

export const DEFAULT_TENANT = 'default';
const ANONYMOUS = 'anonymous';

const first = (metadata: Metadata, key: string): string | undefined => {
  const value = metadata.get(key)[0];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
};

/** The context of one call as its metadata names it, without grants (trusts the metadata). */
export function callContextOf(metadata: Metadata): CallContext {
  const traceparent = first(metadata, CallMetadata.traceparent);
  return {
    tenantId: first(metadata, CallMetadata.tenant) ?? DEFAULT_TENANT,
    actor: first(metadata, CallMetadata.actor) ?? ANONYMOUS,
    ...(traceparent ? { traceparent } : {}),
  };
}
