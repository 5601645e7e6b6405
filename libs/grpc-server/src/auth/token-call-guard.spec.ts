import { Metadata } from '@grpc/grpc-js';
import { mkdtempSync, rmSync, writeFileSync, utimesSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import type { CallContext } from '../call-context';
import { UnauthenticatedError } from '../call-guard';
import { authSettingFromEnv } from './auth-config';
import { processAuthFromEnv } from './process-auth';
import { createTestTokenIssuer, type TestTokenIssuer } from './test-token-issuer';
import { tokenCallGuard, type TokenCallGuard } from './token-call-guard';
import { AuthFailure } from './token-verifier';

const T0 = Date.UTC(2026, 10, 28, 12, 0, 0);

const bearer = (token: string, extra: Record<string, string> = {}): Metadata => {
  const metadata = new Metadata();
  metadata.set('authorization', `Bearer ${token}`);
  for (const [k, v] of Object.entries(extra)) metadata.set(k, v);
  return metadata;
};

/** The reason UNAUTHENTICATED gives, or the context when the guard accepts. */
async function outcome(guard: TokenCallGuard, metadata: Metadata): Promise<CallContext | string> {
  try {
    return await guard.authenticate(metadata);
  } catch (error) {
    if (error instanceof UnauthenticatedError) return error.message;
    throw error;
  }
}

describe('The token guard', () => {
  let idp: TestTokenIssuer;
  let other: TestTokenIssuer;
  let now: number;
  let guard: TokenCallGuard;

  beforeAll(async () => {
    idp = await createTestTokenIssuer();
    // Another key pair under the same key id: its tokens have a bad signature for ours.
    other = await createTestTokenIssuer({ keyId: idp.keyId });
  });
  beforeEach(() => {
    now = T0;
    guard = tokenCallGuard(idp.config({ clockSkewSeconds: 30 }), { now: () => now });
  });

  it('takes tenant, actor, roles and teams from a valid token, never from x-baton-* metadata', async () => {
    const token = await idp.sign({
      subject: 'ann',
      tenant: 'acme',
      roles: ['worker', 'team-lead', 'idp-superuser'],
      teams: ['billing'],
      now,
    });
    const context = await guard.authenticate(
      bearer(token, { 'x-baton-actor': 'root', 'x-baton-tenant': 'other', traceparent: '00-abc-def-01' }),
    );
    expect(context).toEqual({
      tenantId: 'acme',
      actor: 'ann',
      grants: { roles: ['team-lead', 'worker'], teams: ['billing'] },
      traceparent: '00-abc-def-01',
    });
  });

  const withAuthorization = (value: string): Metadata => {
    const metadata = new Metadata();
    metadata.set('authorization', value);
    return metadata;
  };

  it.each([
    ['missing', new Metadata(), AuthFailure.missing],
    ['another scheme', withAuthorization('Basic YTpi'), AuthFailure.malformedHeader],
    ['not a JWT', bearer('not-a-token'), AuthFailure.malformed],
    ['three garbage parts', bearer('a.b.c'), AuthFailure.malformed],
  ])('refuses a %s credential with its reason', async (_name, metadata, reason) => {
    expect(await outcome(guard, metadata)).toBe(reason);
  });

  it('refuses two authorization values', async () => {
    const md = bearer(await idp.sign({ now }));
    md.add('authorization', 'Bearer x.y.z');
    expect(await outcome(guard, md)).toBe(AuthFailure.malformedHeader);
  });

  it.each([
    ['expired', (i: TestTokenIssuer) => i.sign({ now: T0 - 7200_000, expiresIn: 3600 }), AuthFailure.expired],
    [
      'for another audience',
      (i: TestTokenIssuer) => i.sign({ now: T0, audience: 'payroll' }),
      AuthFailure.audience,
    ],
    [
      'from another issuer',
      (i: TestTokenIssuer) => i.sign({ now: T0, issuer: 'https://evil.test' }),
      AuthFailure.issuer,
    ],
    ['not valid yet', (i: TestTokenIssuer) => i.sign({ now: T0, notBefore: 120 }), AuthFailure.notYetValid],
    [
      'without a tenant',
      (i: TestTokenIssuer) => i.sign({ now: T0, extra: { baton_tenant: undefined } }),
      AuthFailure.claims,
    ],
    [
      'with an odd subject',
      (i: TestTokenIssuer) => i.sign({ now: T0, subject: 'a b/c' }),
      AuthFailure.claims,
    ],
  ])('refuses a token %s', async (_name, make, reason) => {
    expect(await outcome(guard, bearer(await make(idp)))).toBe(reason);
  });

  it('refuses a token with a bad signature, or signed by a key it does not know', async () => {
    expect(await outcome(guard, bearer(await other.sign({ now })))).toBe(AuthFailure.badSignature);
    const stranger = await createTestTokenIssuer({ keyId: 'rotated-away' });
    expect(await outcome(guard, bearer(await stranger.sign({ now })))).toBe(AuthFailure.unknownKey);
  });

  it('refuses a token signed with a shared secret (HS256), whatever it claims', async () => {
    const forged = await new SignJWT({ baton_tenant: 'default', baton_roles: ['admin'] })
      .setProtectedHeader({ alg: 'HS256', kid: idp.keyId })
      .setSubject('mallory')
      .setIssuer(idp.issuer)
      .setAudience(idp.audience)
      .setExpirationTime(Math.floor(now / 1000) + 60)
      .sign(new TextEncoder().encode('x'.repeat(32)));
    expect(await outcome(guard, bearer(forged))).toBe(AuthFailure.algorithm);
  });

  it('honours the clock skew on expiry and not-before, both ways', async () => {
    const expiredAt = (secondsAgo: number) =>
      idp.sign({ now: T0 - 3600_000 - secondsAgo * 1000, expiresIn: 3600 });
    expect(await outcome(guard, bearer(await expiredAt(20)))).toMatchObject({ actor: 'test-user' });
    expect(await outcome(guard, bearer(await expiredAt(40)))).toBe(AuthFailure.expired);
    expect(await outcome(guard, bearer(await idp.sign({ now: T0, notBefore: 20 })))).toMatchObject({
      actor: 'test-user',
    });
    const strict = tokenCallGuard(idp.config({ clockSkewSeconds: 0 }), { now: () => now });
    expect(await outcome(strict, bearer(await expiredAt(1)))).toBe(AuthFailure.expired);
  });

  it('verifies a token once, answers it from the cache synchronously, and forgets it when it expires', async () => {
    const token = await idp.sign({ now, expiresIn: 60 });
    const [a, b] = await Promise.all([guard.authenticate(bearer(token)), guard.authenticate(bearer(token))]);
    expect(a).toEqual(b);
    expect(guard.stats.verified).toBe(1);
    const cached = guard.authenticate(bearer(token, { traceparent: '00-1-2-01' }));
    expect(cached).not.toBeInstanceOf(Promise);
    expect((cached as CallContext).traceparent).toBe('00-1-2-01');
    expect(guard.stats.cacheHits).toBe(1);
    now = T0 + 89_000; // exp + skew is T0 + 90 s
    expect(guard.authenticate(bearer(token))).not.toBeInstanceOf(Promise);
    now = T0 + 91_000;
    expect(await outcome(guard, bearer(token))).toBe(AuthFailure.expired);
  });

  it('keeps at most cacheSize tokens, dropping the least recently used', async () => {
    const small = tokenCallGuard(idp.config({ cacheSize: 2 }), { now: () => now });
    const tokens = await Promise.all(['a', 'b', 'c'].map((subject) => idp.sign({ subject, now })));
    for (const t of tokens) await small.authenticate(bearer(t));
    expect(small.stats.cached()).toBe(2);
    expect(small.authenticate(bearer(tokens[0] as string))).toBeInstanceOf(Promise);
  });
});

describe('Token keys from the environment', () => {
  let idp: TestTokenIssuer;
  let dir: string;
  beforeAll(async () => {
    idp = await createTestTokenIssuer();
    dir = mkdtempSync(join(tmpdir(), 'baton-auth-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const env = (keys: Record<string, string>) => ({
    ...keys,
    BATON_AUTH_ISSUER: idp.issuer,
    BATON_AUTH_AUDIENCE: idp.audience,
  });

  it('reads a JWKS file, and reads it again when it was replaced by a rotated key set', async () => {
    const file = join(dir, 'jwks.json');
    writeFileSync(file, JSON.stringify(idp.jwks));
    const { guard } = await processAuthFromEnv(
      'distributed',
      '0.0.0.0:50062',
      env({ BATON_AUTH_JWKS_FILE: file }),
    );
    expect(await guard.authenticate(bearer(await idp.sign({ subject: 'ann' })))).toMatchObject({
      actor: 'ann',
    });
    const next = await createTestTokenIssuer({ keyId: 'test-key-2' });
    writeFileSync(file, JSON.stringify({ keys: [...idp.jwks.keys, ...next.jwks.keys] }));
    utimesSync(file, new Date(), new Date(Date.now() + 5_000));
    expect(await guard.authenticate(bearer(await next.sign({ subject: 'bob' })))).toMatchObject({
      actor: 'bob',
    });
  });

  it('reads a static public key (PEM)', async () => {
    const file = join(dir, 'key.pem');
    writeFileSync(file, idp.publicKeyPem);
    const { guard, banner } = await processAuthFromEnv(
      'distributed',
      '0.0.0.0:1',
      env({ BATON_AUTH_PUBLIC_KEY_FILE: file, BATON_AUTH_PUBLIC_KEY_ALG: 'ES256' }),
    );
    expect(banner).toContain(`ES256 public key ${file}`);
    expect(await guard.authenticate(bearer(await idp.sign({ subject: 'cy' })))).toMatchObject({
      actor: 'cy',
    });
  });

  describe('with a JWKS URL served on 127.0.0.1', () => {
    let server: Server;
    let fetches = 0;
    let url = '';
    beforeAll(async () => {
      server = createServer((_req, res) => {
        fetches++;
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify(idp.jwks));
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(server.address() as { port: number }).port}/.well-known/jwks.json`;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it('fetches the key set once and keeps it for the next tokens', async () => {
      const { guard } = await processAuthFromEnv(
        'distributed',
        '0.0.0.0:1',
        env({ BATON_AUTH_JWKS_URL: url }),
      );
      for (const subject of ['ann', 'bob', 'cy']) {
        expect(await guard.authenticate(bearer(await idp.sign({ subject })))).toMatchObject({
          actor: subject,
        });
      }
      expect(fetches).toBe(1);
    });

    it('answers UNAVAILABLE, not UNAUTHENTICATED, when the key set cannot be fetched', async () => {
      const errors: unknown[] = [];
      const { keys, ...rest } = idp.config();
      void keys;
      const guard = tokenCallGuard(
        { ...rest, keys: { kind: 'jwks-url', url: new URL('http://127.0.0.1:9/jwks.json') } },
        { onKeyError: (e) => errors.push(e) },
      );
      const failure = await Promise.resolve(guard.authenticate(bearer(await idp.sign()))).catch(
        (e: unknown) => e,
      );
      expect(failure).toMatchObject({ code: 14, details: 'signing keys are unavailable; retry shortly' });
      expect(errors).toHaveLength(1);
    });
  });

  it('refuses plain http to anything but a loopback address, and half a configuration', () => {
    expect(() => authSettingFromEnv(env({ BATON_AUTH_JWKS_URL: 'http://idp.example/jwks' }))).toThrow(
      /must be https/,
    );
    expect(() => authSettingFromEnv({ BATON_AUTH_JWKS_FILE: '/x.json' })).toThrow(
      /ISSUER and BATON_AUTH_AUDIENCE are required/,
    );
    expect(() =>
      authSettingFromEnv(env({ BATON_AUTH_JWKS_FILE: '/x', BATON_AUTH_JWKS_URL: 'https://idp/jwks' })),
    ).toThrow(/not several/);
    expect(() =>
      authSettingFromEnv(env({ BATON_AUTH_JWKS_FILE: '/x', BATON_AUTH_ALGORITHMS: 'HS256' })),
    ).toThrow(/not an asymmetric/);
    expect(() =>
      authSettingFromEnv(env({ BATON_AUTH_JWKS_FILE: '/x', BATON_AUTH_CLOCK_SKEW_SECONDS: '3600' })),
    ).toThrow(/from 0 to 300/);
  });
});

describe('Safe defaults', () => {
  it('refuses to start distributed mode without authentication', async () => {
    await expect(processAuthFromEnv('distributed', '127.0.0.1:50062', {})).rejects.toThrow(
      /distributed mode does not start without authentication/,
    );
  });

  it('runs distributed mode without authentication only with the override, and says so loudly', async () => {
    const auth = await processAuthFromEnv('distributed', '0.0.0.0:50062', {
      BATON_AUTH_INSECURE_DEV: 'true',
    });
    expect(auth.warning).toMatch(
      /^WARNING: BATON_AUTH_INSECURE_DEV=true: authentication is OFF on 0.0.0.0:50062/,
    );
    expect(auth.banner).toContain('DEVELOPMENT IDENTITY');
  });

  it('serves the development identity in embedded mode on a loopback address only', async () => {
    const auth = await processAuthFromEnv('embedded', '127.0.0.1:50051', {});
    expect(auth.banner).toMatch(/DEVELOPMENT IDENTITY.*loopback only$/);
    expect(auth.warning).toBeUndefined();
    await expect(processAuthFromEnv('embedded', '0.0.0.0:50051', {})).rejects.toThrow(
      /loopback address only, not 0.0.0.0:50051/,
    );
  });

  it('makes the development identity an admin of the tenant the metadata names', async () => {
    const auth = await processAuthFromEnv('embedded', 'localhost:0', {});
    const metadata = new Metadata();
    metadata.set('x-baton-actor', 'ann');
    metadata.set('x-baton-tenant', 'acme');
    expect(await auth.guard.authenticate(metadata)).toEqual({
      tenantId: 'acme',
      actor: 'ann',
      grants: { roles: ['admin'], teams: [] },
    });
    metadata.set('x-baton-tenant', 'acme/claims');
    expect(() => auth.guard.authenticate(metadata)).toThrow('x-baton-tenant is not a tenant id');
  });
});
