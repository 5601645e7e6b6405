import { access } from '@baton/domain';
import type { CallContext } from './call-context';
import type { CallGuard } from './call-guard';

/** A token bucket's content at an instant: `tokens` (fractional) left at `at` (ms). */
export interface Bucket {
  readonly tokens: number;
  readonly at: number;
}

/** Refill `perSecond`, hold at most `burst`. */
export interface BucketLimit {
  readonly perSecond: number;
  readonly burst: number;
}

/**
 * Takes one token from a bucket refilled continuously since `bucket.at` (a missing bucket is
 * full). Answers the bucket after the attempt and, when empty, how long until a token is back.
 */
export function takeToken(
  bucket: Bucket | undefined,
  now: number,
  limit: BucketLimit,
): { readonly bucket: Bucket; readonly allowed: boolean; readonly retryAfterMs: number } {
  const elapsed = bucket ? Math.max(0, now - bucket.at) : 0;
  const tokens = Math.min(limit.burst, (bucket?.tokens ?? limit.burst) + (elapsed * limit.perSecond) / 1000);
  if (tokens >= 1) return { bucket: { tokens: tokens - 1, at: now }, allowed: true, retryAfterMs: 0 };
  return {
    bucket: { tokens, at: now },
    allowed: false,
    retryAfterMs: Math.ceil(((1 - tokens) * 1000) / limit.perSecond),
  };
}

/** A tenant made more calls than its limit allows: RESOURCE_EXHAUSTED with a RetryInfo delay. */
export class RateLimitedError extends Error {
  readonly code = 'RATE_LIMITED';
  constructor(
    readonly kind: 'command' | 'query',
    readonly retryAfterMs: number,
  ) {
    super(`too many ${kind}s for this tenant; retry in ${retryAfterMs} ms`);
    this.name = 'RateLimitedError';
  }
}

/** Per-tenant limits; an absent kind is not limited. */
export interface RateLimits {
  readonly commands?: BucketLimit;
  readonly queries?: BucketLimit;
}

/** Reads, lists and checks that change nothing: their own, usually higher, limit. */
const isQuery = (rpc: string) => /\.(read|list)$/.test(access.permissionForRpc(rpc) ?? '');

/** Buckets kept before idle full ones are forgotten (a full bucket and none are the same). */
const MAX_BUCKETS = 10_000;

/**
 * The guard with a token bucket per tenant and kind (commands, queries) checked after it
 * authorised the call. Baton's own services (role `service`) are not limited: their calls follow
 * from calls that were.
 */
export function rateLimitedGuard(
  guard: CallGuard,
  limits: RateLimits,
  now: () => number = Date.now,
): CallGuard {
  const buckets = new Map<string, Bucket>();
  return {
    authenticate: (metadata) => guard.authenticate(metadata),
    authorize(rpc: string, caller: CallContext) {
      guard.authorize(rpc, caller);
      if (caller.grants?.roles.includes('service')) return;
      const kind = isQuery(rpc) ? 'query' : 'command';
      const limit = kind === 'query' ? limits.queries : limits.commands;
      if (!limit) return;
      const key = `${kind}\u0000${caller.tenantId}`;
      const at = now();
      const taken = takeToken(buckets.get(key), at, limit);
      if (buckets.size >= MAX_BUCKETS && !buckets.has(key)) forgetFull(buckets, at, limits);
      buckets.set(key, taken.bucket);
      if (!taken.allowed) throw new RateLimitedError(kind, taken.retryAfterMs);
    },
  };
}

function forgetFull(buckets: Map<string, Bucket>, at: number, limits: RateLimits): void {
  for (const [key, bucket] of buckets) {
    const limit = key.startsWith('query') ? limits.queries : limits.commands;
    if (!limit || takeToken(bucket, at, limit).bucket.tokens + 1 >= limit.burst) buckets.delete(key);
  }
}

type Env = Readonly<Record<string, string | undefined>>;

/**
 * BATON_RATE_LIMIT_COMMANDS / BATON_RATE_LIMIT_QUERIES = `<per second>[/<burst>]` per tenant
 * (burst defaults to one second's worth); unset: no limit (the default, docs/security.md).
 */
export function rateLimitsFromEnv(env: Env = process.env): RateLimits {
  const read = (name: string): BucketLimit | undefined => {
    const value = env[name]?.trim();
    if (!value) return undefined;
    const match = /^(\d+(?:\.\d+)?)(?:\/(\d+))?$/.exec(value);
    const perSecond = Number(match?.[1]);
    const burst = match?.[2] === undefined ? Math.max(1, Math.ceil(perSecond)) : Number(match[2]);
    if (!match || !(perSecond > 0) || !(burst >= 1)) {
      throw new Error(`${name} must be <calls per second>[/<burst>], e.g. 100/200, not "${value}"`);
    }
    return { perSecond, burst };
  };
  const commands = read('BATON_RATE_LIMIT_COMMANDS');
  const queries = read('BATON_RATE_LIMIT_QUERIES');
  return { ...{}, ...(commands ? { commands } : {}), ...(queries ? { queries } : {}) };
}
