import type { Metadata } from '@grpc/grpc-js';

/**
 * Who is calling and on whose behalf, taken from the call's metadata, never from request fields.
 * Until authentication lands (issue 9) the tenant and actor come from plain metadata keys.
 */
export interface CallContext {
  readonly tenantId: string;
  readonly actor: string;
  /** W3C trace context of the caller, when it sent one. */
  readonly traceparent?: string;
}

/** Metadata keys Baton reads from every call. */
export const CallMetadata = {
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

/** The context of one call. */
export function callContextOf(metadata: Metadata): CallContext {
  const traceparent = first(metadata, CallMetadata.traceparent);
  return {
    tenantId: first(metadata, CallMetadata.tenant) ?? DEFAULT_TENANT,
    actor: first(metadata, CallMetadata.actor) ?? ANONYMOUS,
    ...(traceparent ? { traceparent } : {}),
  };
}
