/**
 * Where the keys that sign callers' tokens come from: exactly one source. `jwks` (a key set in
 * memory) is for programs and tests; the environment names a file, a URL or a PEM file.
 */
export type KeySource =
  | { readonly kind: 'jwks'; readonly jwks: { readonly keys: readonly object[] } }
  | { readonly kind: 'jwks-file'; readonly path: string }
  | { readonly kind: 'jwks-url'; readonly url: URL }
  | { readonly kind: 'public-key-file'; readonly path: string; readonly algorithm: string };

/** How bearer tokens are verified and read (BATON_AUTH_* variables, docs/security.md). */
export interface TokenAuthConfig {
  readonly keys: KeySource;
  readonly issuer: string;
  readonly audience: string;
  readonly clockSkewSeconds: number;
  /** Signature algorithms accepted; never `none`, never a shared secret. */
  readonly algorithms: readonly string[];
  /** Claim names of the tenant, the roles and the teams. */
  readonly claims: { readonly tenant: string; readonly roles: string; readonly teams: string };
  /** Verified tokens remembered (by their string, until they expire). */
  readonly cacheSize: number;
}

/** Which identity a process serves with. */
export type AuthSetting =
  | { readonly mode: 'token'; readonly config: TokenAuthConfig }
  /** No authentication: the development identity; `insecureOverride` when set by BATON_AUTH_INSECURE_DEV. */
  | { readonly mode: 'development'; readonly insecureOverride: boolean };

/** Asymmetric JWS algorithms only: a verifier holding public keys cannot forge tokens. */
export const DEFAULT_ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
  'Ed25519',
] as const;

const MAX_SKEW_SECONDS = 300;

/** The configuration is unusable: the process must not start. */
export class AuthConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AuthConfigError';
  }
}

type Env = Readonly<Record<string, string | undefined>>;

/** A variable's value, unset when empty. (Read as `env['NAME']`: deploy:check looks for that.) */
const text = (raw: string | undefined): string | undefined => raw?.trim() || undefined;

function keySourceOf(env: Env): KeySource | undefined {
  const file = text(env['BATON_AUTH_JWKS_FILE']);
  const url = text(env['BATON_AUTH_JWKS_URL']);
  const pem = text(env['BATON_AUTH_PUBLIC_KEY_FILE']);
  const given = [file, url, pem].filter((v) => v !== undefined).length;
  if (given > 1) {
    throw new AuthConfigError(
      'set one of BATON_AUTH_JWKS_FILE, BATON_AUTH_JWKS_URL, BATON_AUTH_PUBLIC_KEY_FILE, not several',
    );
  }
  if (file) return { kind: 'jwks-file', path: file };
  if (pem) {
    return {
      kind: 'public-key-file',
      path: pem,
      algorithm: text(env['BATON_AUTH_PUBLIC_KEY_ALG']) ?? 'RS256',
    };
  }
  if (!url) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new AuthConfigError('BATON_AUTH_JWKS_URL is not a URL');
  }
  const loopback = ['127.0.0.1', '[::1]', 'localhost'].includes(parsed.hostname);
  if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && loopback)) {
    throw new AuthConfigError('BATON_AUTH_JWKS_URL must be https (plain http only on a loopback address)');
  }
  return { kind: 'jwks-url', url: parsed };
}

function integer(
  name: string,
  given: string | undefined,
  fallback: number,
  min: number,
  max: number,
): number {
  const raw = text(given);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new AuthConfigError(`${name} must be an integer from ${min} to ${max}`);
  }
  return n;
}

/**
 * The process's authentication from its environment: token verification when a key source is
 * set (issuer and audience then required), otherwise the development identity. Throws
 * AuthConfigError on a configuration that must not start.
 */
export function authSettingFromEnv(env: Env = process.env): AuthSetting {
  const keys = keySourceOf(env);
  const insecureOverride = text(env['BATON_AUTH_INSECURE_DEV']) === 'true';
  if (!keys) return { mode: 'development', insecureOverride };
  if (insecureOverride) {
    throw new AuthConfigError('BATON_AUTH_INSECURE_DEV=true and a key source are both set: choose one');
  }
  const issuer = text(env['BATON_AUTH_ISSUER']);
  const audience = text(env['BATON_AUTH_AUDIENCE']);
  if (!issuer || !audience) {
    throw new AuthConfigError('BATON_AUTH_ISSUER and BATON_AUTH_AUDIENCE are required with a key source');
  }
  const algorithms = text(env['BATON_AUTH_ALGORITHMS'])
    ?.split(',')
    .map((a) => a.trim()) ?? [...DEFAULT_ALGORITHMS];
  const unsafe = algorithms.filter((a) => !(DEFAULT_ALGORITHMS as readonly string[]).includes(a));
  if (unsafe.length > 0) {
    throw new AuthConfigError(
      `BATON_AUTH_ALGORITHMS: not an asymmetric signature algorithm: ${unsafe.join(', ')}`,
    );
  }
  return {
    mode: 'token',
    config: {
      keys,
      issuer,
      audience,
      clockSkewSeconds: integer(
        'BATON_AUTH_CLOCK_SKEW_SECONDS',
        env['BATON_AUTH_CLOCK_SKEW_SECONDS'],
        30,
        0,
        MAX_SKEW_SECONDS,
      ),
      algorithms,
      claims: {
        tenant: text(env['BATON_AUTH_TENANT_CLAIM']) ?? 'baton_tenant',
        roles: text(env['BATON_AUTH_ROLES_CLAIM']) ?? 'baton_roles',
        teams: text(env['BATON_AUTH_TEAMS_CLAIM']) ?? 'baton_teams',
      },
      cacheSize: integer(
        'BATON_AUTH_TOKEN_CACHE_SIZE',
        env['BATON_AUTH_TOKEN_CACHE_SIZE'],
        10_000,
        0,
        1_000_000,
      ),
    },
  };
}
