import { access } from '@baton/domain';
import { status } from '@grpc/grpc-js';
import { errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import type { CallGrants } from '../call-context';
import { UnauthenticatedError } from '../call-guard';
import type { TokenAuthConfig } from './auth-config';

/** Who a verified token says the caller is, and until when it may be believed. */
export interface VerifiedIdentity {
  readonly tenantId: string;
  readonly actor: string;
  readonly grants: CallGrants;
  readonly expiresAtMs: number;
}

/** Identifiers from a token: short, printable, no separators that could confuse stream names. */
const IDENTIFIER = /^[\w.@:+-]{1,200}$/;

/** The reasons UNAUTHENTICATED gives: categories only, never the token, a claim value or a key. */
export const AuthFailure = {
  missing: 'missing bearer token',
  malformedHeader: 'malformed authorization metadata',
  malformed: 'malformed token',
  expired: 'token expired',
  notYetValid: 'token not yet valid',
  badSignature: 'bad token signature',
  unknownKey: 'token signed by an unknown key',
  algorithm: 'token algorithm not allowed',
  issuer: 'wrong token issuer',
  audience: 'wrong token audience',
  claims: 'token lacks a required claim',
} as const;

function reasonOf(error: unknown): string | undefined {
  if (error instanceof errors.JWTExpired) return AuthFailure.expired;
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'iss') return AuthFailure.issuer;
    if (error.claim === 'aud') return AuthFailure.audience;
    if (error.claim === 'nbf') return AuthFailure.notYetValid;
    return AuthFailure.claims;
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) return AuthFailure.badSignature;
  if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys) {
    return AuthFailure.unknownKey;
  }
  if (error instanceof errors.JOSEAlgNotAllowed || error instanceof errors.JOSENotSupported) {
    return AuthFailure.algorithm;
  }
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid) return AuthFailure.malformed;
  return undefined;
}

/** The key set could not be had (endpoint down or slow): the caller's retry may succeed. */
const keysUnavailable = () =>
  Object.assign(new Error('signing keys are unavailable; retry shortly'), {
    code: status.UNAVAILABLE,
    details: 'signing keys are unavailable; retry shortly',
  });

const strings = (claim: unknown): string[] => {
  if (typeof claim === 'string') return claim.split(' ').filter((s) => s.length > 0);
  return Array.isArray(claim) ? claim.filter((s): s is string => typeof s === 'string') : [];
};

function identityOf(payload: JWTPayload, config: TokenAuthConfig): VerifiedIdentity {
  const tenant = payload[config.claims.tenant];
  const subject = payload.sub;
  if (typeof subject !== 'string' || !IDENTIFIER.test(subject))
    throw new UnauthenticatedError(AuthFailure.claims);
  if (typeof tenant !== 'string' || !IDENTIFIER.test(tenant))
    throw new UnauthenticatedError(AuthFailure.claims);
  // Roles Baton does not know (an identity provider's own) grant nothing and are dropped.
  const roles = [...new Set(strings(payload[config.claims.roles]).filter(access.isRole))].sort();
  const teams = [...new Set(strings(payload[config.claims.teams]).filter((t) => IDENTIFIER.test(t)))];
  return {
    tenantId: tenant,
    actor: subject,
    grants: { roles, teams },
    expiresAtMs: ((payload.exp as number) + config.clockSkewSeconds) * 1000,
  };
}

/** Verifies one token's signature and claims (issuer, audience, time with the clock skew). */
export function tokenVerifier(
  config: TokenAuthConfig,
  keys: JWTVerifyGetKey,
  now: () => number,
  onKeyError: (error: unknown) => void = () => undefined,
): (token: string) => Promise<VerifiedIdentity> {
  const options = {
    issuer: config.issuer,
    audience: config.audience,
    clockTolerance: config.clockSkewSeconds,
    algorithms: [...config.algorithms],
    requiredClaims: ['sub', 'exp'],
  };
  return async (token) => {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, keys, { ...{}, ...options, currentDate: new Date(now()) }));
    } catch (error) {
      const reason = reasonOf(error);
      if (reason !== undefined) throw new UnauthenticatedError(reason);
      onKeyError(error);
      throw keysUnavailable();
    }
    return identityOf(payload, config);
  };
}
