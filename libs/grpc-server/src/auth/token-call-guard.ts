import type { Metadata } from '@grpc/grpc-js';
import type { JWTVerifyGetKey } from 'jose';
import { CallMetadata, type CallContext } from '../call-context';
import { authorizeByRole, UnauthenticatedError, type CallGuard } from '../call-guard';
import type { TokenAuthConfig } from './auth-config';
import { keyResolverOf } from './key-resolver';
import { AuthFailure, tokenVerifier, type VerifiedIdentity } from './token-verifier';
import { VerifiedTokenCache } from './verified-token-cache';

/** Longer values are refused before any parsing (and never reach the cache). */
const MAX_TOKEN_LENGTH = 16 * 1024;
const BEARER = /^Bearer ([\w-]+\.[\w-]+\.[\w-]+)$/i;

/** Options of {@link tokenCallGuard}. */
export interface TokenCallGuardOptions {
  /** Current time in ms (token expiry and the cache); tests move it. */
  readonly now?: () => number;
  /** Instead of the config's key source (tests, programs holding their keys). */
  readonly keys?: JWTVerifyGetKey;
  /** Told when the keys could not be had (answered UNAVAILABLE); never given a token. */
  readonly onKeyError?: (error: unknown) => void;
}

/** A token guard, with what its cache holds (for the bench and tests). */
export interface TokenCallGuard extends CallGuard {
  readonly stats: { verified: number; cacheHits: number; readonly cached: () => number };
}

function bearerOf(metadata: Metadata): string {
  const values = metadata.get(CallMetadata.authorization);
  if (values.length === 0) throw new UnauthenticatedError(AuthFailure.missing);
  const header = values[0];
  if (values.length > 1 || typeof header !== 'string' || header.length > MAX_TOKEN_LENGTH) {
    throw new UnauthenticatedError(AuthFailure.malformedHeader);
  }
  const match = BEARER.exec(header);
  if (!match) {
    throw new UnauthenticatedError(
      /^Bearer\s/i.test(header) ? AuthFailure.malformed : AuthFailure.malformedHeader,
    );
  }
  return match[1] as string;
}

const contextOf = (identity: VerifiedIdentity, metadata: Metadata): CallContext => {
  const traceparent = metadata.get(CallMetadata.traceparent)[0];
  const context = { tenantId: identity.tenantId, actor: identity.actor, grants: identity.grants };
  return typeof traceparent === 'string' && traceparent ? { ...{}, ...context, traceparent } : context;
};

/**
 * Authenticates each call by the bearer JWT in its `authorization` metadata, verified against the
 * configured keys; the caller's tenant, actor (the token's subject), roles and teams come from the
 * token's claims only (`x-baton-tenant` and `x-baton-actor` are ignored). A token verified before
 * is answered from a bounded cache until it expires, synchronously; concurrent first calls with
 * one token share one verification. Authorises by the caller's roles.
 */
export function tokenCallGuard(config: TokenAuthConfig, options: TokenCallGuardOptions = {}): TokenCallGuard {
  const now = options.now ?? Date.now;
  const verify = tokenVerifier(
    config,
    options.keys ?? keyResolverOf(config.keys, now),
    now,
    options.onKeyError,
  );
  const cache = new VerifiedTokenCache<VerifiedIdentity>(config.cacheSize);
  const verifying = new Map<string, Promise<VerifiedIdentity>>();
  let cacheHits = 0;
  let verified = 0;

  const verifyOnce = (token: string): Promise<VerifiedIdentity> => {
    let pending = verifying.get(token);
    if (!pending) {
      pending = verify(token).then(
        (identity) => {
          verifying.delete(token);
          verified++;
          cache.set(token, identity);
          return identity;
        },
        (error: unknown) => {
          verifying.delete(token);
          throw error;
        },
      );
      verifying.set(token, pending);
    }
    return pending;
  };

  return {
    stats: {
      get verified() {
        return verified;
      },
      get cacheHits() {
        return cacheHits;
      },
      cached: () => cache.size,
    },
    authenticate(metadata) {
      const token = bearerOf(metadata);
      const known = cache.get(token, now());
      if (known) {
        cacheHits++;
        return contextOf(known, metadata);
      }
      return verifyOnce(token).then((identity) => contextOf(identity, metadata));
    },
    authorize: authorizeByRole,
  };
}
