import { developmentCallGuard, type CallGuard } from '../call-guard';
import { rateLimitedGuard, rateLimitsFromEnv, type BucketLimit } from '../rate-limit';
import { AuthConfigError, authSettingFromEnv, type KeySource } from './auth-config';
import { checkKeySource } from './key-resolver';
import { tokenCallGuard } from './token-call-guard';

/** How a process authenticates its callers, and what its banner says about it. */
export interface ProcessAuth {
  readonly guard: CallGuard;
  /** One banner line, e.g. `auth      bearer JWT (…)`. */
  readonly banner: string;
  /** Said loudly (stderr) at start when set: the process runs without authentication on purpose. */
  readonly warning?: string;
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|\[::1\]|::1)$/;

/** Whether `host:port` binds a loopback interface only. */
export const isLoopbackAddress = (address: string): boolean =>
  LOOPBACK.test(address.slice(0, address.lastIndexOf(':')));

const describeKeys = (keys: KeySource): string => {
  switch (keys.kind) {
    case 'jwks':
      return 'a key set in memory';
    case 'jwks-file':
      return `JWKS file ${keys.path}`;
    case 'jwks-url':
      return `JWKS ${keys.url.origin}${keys.url.pathname}`;
    case 'public-key-file':
      return `${keys.algorithm} public key ${keys.path}`;
  }
};

const HOW =
  'set BATON_AUTH_JWKS_FILE, BATON_AUTH_JWKS_URL or BATON_AUTH_PUBLIC_KEY_FILE with BATON_AUTH_ISSUER and BATON_AUTH_AUDIENCE (docs/security.md)';

/**
 * The guard a process serves with, from its environment (docs/security.md):
 * - a key source set: bearer tokens verified against it;
 * - embedded mode without one: the development identity, on a loopback address only;
 * - distributed mode without one: refused (AuthConfigError), unless BATON_AUTH_INSECURE_DEV=true,
 *   which runs the development identity and says so loudly.
 */
export async function processAuthFromEnv(
  mode: 'embedded' | 'distributed',
  address: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<ProcessAuth> {
  const auth = await authFromEnv(mode, address, env);
  const limits = rateLimitsFromEnv(env);
  if (!limits.commands && !limits.queries) return auth;
  const show = (l: BucketLimit | undefined) => (l ? `${l.perSecond}/s, burst ${l.burst}` : 'none');
  return {
    ...{},
    ...auth,
    guard: rateLimitedGuard(auth.guard, limits),
    banner: `${auth.banner}\nlimits    per tenant: commands ${show(limits.commands)}, queries ${show(limits.queries)}`,
  };
}

async function authFromEnv(
  mode: 'embedded' | 'distributed',
  address: string,
  env: Readonly<Record<string, string | undefined>>,
): Promise<ProcessAuth> {
  const setting = authSettingFromEnv(env);
  if (setting.mode === 'token') {
    const { config } = setting;
    await checkKeySource(config.keys);
    const guard = tokenCallGuard(config, {
      onKeyError: (error) => console.error(`auth: signing keys unavailable: ${(error as Error).message}`),
    });
    return {
      guard,
      banner: `auth      bearer JWT: issuer ${config.issuer}, audience ${config.audience}, ${describeKeys(config.keys)}, clock skew ${config.clockSkewSeconds} s`,
    };
  }
  const banner =
    'auth      DEVELOPMENT IDENTITY: no authentication; every caller is an admin of the tenant it names (x-baton-tenant, x-baton-actor)';
  if (setting.insecureOverride) {
    return {
      guard: developmentCallGuard,
      banner,
      warning: `WARNING: BATON_AUTH_INSECURE_DEV=true: authentication is OFF on ${address}; anyone who reaches it acts as an admin. For development only: ${HOW}.`,
    };
  }
  if (mode === 'distributed') {
    throw new AuthConfigError(
      `distributed mode does not start without authentication: ${HOW}; BATON_AUTH_INSECURE_DEV=true runs without it, for development only`,
    );
  }
  if (!isLoopbackAddress(address)) {
    throw new AuthConfigError(
      `the development identity serves on a loopback address only, not ${address}: bind 127.0.0.1, or ${HOW}`,
    );
  }
  return { guard: developmentCallGuard, banner: `${banner}; loopback only` };
}
