import { exportJWK, exportSPKI, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import type { TokenAuthConfig } from './auth-config';
import { DEFAULT_ALGORITHMS } from './auth-config';

/** What a test token says; anything left out gets a working default. */
export interface TestTokenClaims {
  readonly subject?: string;
  readonly tenant?: string;
  readonly roles?: readonly string[];
  readonly teams?: readonly string[];
  /** Seconds from `now` (default 3600); negative: already expired. */
  readonly expiresIn?: number;
  /** Seconds from `now` before which the token is not valid. */
  readonly notBefore?: number;
  readonly issuer?: string;
  readonly audience?: string;
  /** Current time in ms for iat/exp/nbf (default Date.now()). */
  readonly now?: number;
  /** Extra claims, or claims to drop (`undefined`). */
  readonly extra?: Readonly<Record<string, unknown>>;
}

/** A key pair that signs tokens as an identity provider would, for tests and benches. */
export interface TestTokenIssuer {
  readonly issuer: string;
  readonly audience: string;
  readonly keyId: string;
  /** The public key set (`{ keys: [...] }`), as a JWKS file or endpoint would serve it. */
  readonly jwks: { readonly keys: JWK[] };
  readonly publicKeyPem: string;
  sign(claims?: TestTokenClaims): Promise<string>;
  /** A verifier configuration trusting this issuer's key set (in memory). */
  config(overrides?: Partial<TokenAuthConfig>): TokenAuthConfig;
}

/** Creates an ES256 key pair (quick to make) and signs tokens with it. */
export async function createTestTokenIssuer(
  options: { readonly issuer?: string; readonly audience?: string; readonly keyId?: string } = {},
): Promise<TestTokenIssuer> {
  const issuer = options.issuer ?? 'https://issuer.test';
  const audience = options.audience ?? 'baton';
  const keyId = options.keyId ?? 'test-key-1';
  const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
  const jwk = { ...{}, ...(await exportJWK(publicKey)), kid: keyId, alg: 'ES256', use: 'sig' };
  const jwks = { keys: [jwk] };
  const sign = (claims: TestTokenClaims = {}) => signWith(privateKey, keyId, issuer, audience, claims);
  return {
    issuer,
    audience,
    keyId,
    jwks,
    publicKeyPem: await exportSPKI(publicKey),
    sign,
    config: (overrides = {}) => ({
      keys: { kind: 'jwks', jwks },
      issuer,
      audience,
      clockSkewSeconds: 30,
      algorithms: [...DEFAULT_ALGORITHMS],
      claims: { tenant: 'baton_tenant', roles: 'baton_roles', teams: 'baton_teams' },
      cacheSize: 1_000,
      ...overrides,
    }),
  };
}

function signWith(
  key: CryptoKey,
  keyId: string,
  issuer: string,
  audience: string,
  c: TestTokenClaims,
): Promise<string> {
  const now = Math.floor((c.now ?? Date.now()) / 1000);
  const payload: Record<string, unknown> = {
    baton_tenant: c.tenant ?? 'default',
    baton_roles: [...(c.roles ?? ['admin'])],
    baton_teams: [...(c.teams ?? [])],
    ...c.extra,
  };
  for (const [name, value] of Object.entries(payload)) if (value === undefined) delete payload[name];
  const jwt = new SignJWT(payload)
    .setProtectedHeader({ alg: 'ES256', kid: keyId, typ: 'JWT' })
    .setSubject(c.subject ?? 'test-user')
    .setIssuer(c.issuer ?? issuer)
    .setAudience(c.audience ?? audience)
    .setIssuedAt(now)
    .setExpirationTime(now + (c.expiresIn ?? 3600));
  if (c.notBefore !== undefined) jwt.setNotBefore(now + c.notBefore);
  return jwt.sign(key);
}
