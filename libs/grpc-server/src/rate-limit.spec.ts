import { googleRpc } from '@baton/contracts';
import type { access } from '@baton/domain';
import { status } from '@grpc/grpc-js';
import type { CallContext } from './call-context';
import { developmentCallGuard } from './call-guard';
import { statusDetailsOf, toServiceError } from './grpc-errors';
import { RateLimitedError, rateLimitedGuard, rateLimitsFromEnv, takeToken } from './rate-limit';

const START = 'baton.execution.v1.ExecutionService/StartInstance';
const LIST = 'baton.execution.v1.ExecutionService/ListInstances';
const caller = (tenantId: string, roles: access.Role[] = ['admin']): CallContext => ({
  tenantId,
  actor: 'someone',
  grants: { roles, teams: [] },
});

describe('takeToken', () => {
  const limit = { perSecond: 2, burst: 3 };

  it('starts full, spends the burst, then refuses with the time until a token is back', () => {
    let bucket;
    const allowed: boolean[] = [];
    for (let i = 0; i < 4; i++) {
      const taken = takeToken(bucket, 1_000, limit);
      bucket = taken.bucket;
      allowed.push(taken.allowed);
      if (!taken.allowed) expect(taken.retryAfterMs).toBe(500);
    }
    expect(allowed).toEqual([true, true, true, false]);
  });

  it('refills at the rate and never beyond the burst', () => {
    const empty = { tokens: 0, at: 0 };
    expect(takeToken(empty, 499, limit).allowed).toBe(false);
    expect(takeToken(empty, 500, limit).allowed).toBe(true);
    expect(takeToken(empty, 60_000, limit).bucket.tokens).toBe(2);
  });
});

describe('rateLimitedGuard', () => {
  let clock = 0;
  const guard = rateLimitedGuard(
    developmentCallGuard,
    { commands: { perSecond: 1, burst: 2 }, queries: { perSecond: 100, burst: 5 } },
    () => clock,
  );
  const outcomes = (rpc: string, who: CallContext, n: number) =>
    Array.from({ length: n }, () => {
      try {
        guard.authorize(rpc, who);
        return 'ok';
      } catch (error) {
        return error instanceof RateLimitedError ? `limited ${error.kind} ${error.retryAfterMs}` : 'other';
      }
    });

  it('limits each tenant on its own, commands and queries apart, and not Baton own services', () => {
    clock = 10_000;
    expect(outcomes(START, caller('acme'), 3)).toEqual(['ok', 'ok', 'limited command 1000']);
    expect(outcomes(START, caller('globex'), 2)).toEqual(['ok', 'ok']);
    expect(outcomes(LIST, caller('acme'), 6)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'limited query 10']);
    expect(outcomes(START, caller('acme', ['admin', 'service']), 5)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok']);
    clock += 1_000;
    expect(outcomes(START, caller('acme'), 2)).toEqual(['ok', 'limited command 1000']);
  });

  it('still refuses what the guard it wraps refuses', () => {
    expect(() => guard.authorize(START, caller('acme', []))).toThrow('permission instance.start is required');
  });
});

describe('a rate-limited call over gRPC', () => {
  it('is RESOURCE_EXHAUSTED with a RetryInfo delay', () => {
    const error = toServiceError(new RateLimitedError('command', 1_250), { domain: 'baton.execution' });
    expect(error.code).toBe(status.RESOURCE_EXHAUSTED);
    if (!error.metadata) throw new Error('no status details');
    const retry = statusDetailsOf({ metadata: error.metadata })?.details.find((d) =>
      d.typeUrl.endsWith('google.rpc.RetryInfo'),
    );
    expect(retry && googleRpc.RetryInfo.decode(retry.value).retryDelay).toEqual({
      seconds: '1',
      nanos: 250_000_000,
    });
  });
});

describe('rateLimitsFromEnv', () => {
  it('reads rate and burst, none by default, and names a bad setting', () => {
    expect(rateLimitsFromEnv({})).toEqual({});
    expect(
      rateLimitsFromEnv({ BATON_RATE_LIMIT_COMMANDS: '50/100', BATON_RATE_LIMIT_QUERIES: '2.5' }),
    ).toEqual({
      commands: { perSecond: 50, burst: 100 },
      queries: { perSecond: 2.5, burst: 3 },
    });
    expect(() => rateLimitsFromEnv({ BATON_RATE_LIMIT_COMMANDS: 'fast' })).toThrow(
      'BATON_RATE_LIMIT_COMMANDS',
    );
  });
});
