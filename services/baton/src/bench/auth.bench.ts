import { definitionV1 } from '@baton/contracts';
import {
  createTestTokenIssuer,
  developmentCallGuard,
  tokenCallGuard,
  type CallGuard,
  type TokenAuthConfig,
} from '@baton/grpc-server';
import { credentials, Metadata } from '@grpc/grpc-js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedHost } from '../embedded-host';

// `npm run bench -- auth`: what authentication costs (issue 9). The guard alone per call: a token
// answered from the verified-token cache against one verified every time (ES256 and RS256); and
// a cheap RPC over gRPC against the embedded host, closed loop, with the development identity and
// with bearer tokens, to put the guard's cost beside a call's.

const metadataWith = (token: string): Metadata => {
  const metadata = new Metadata();
  metadata.set('authorization', `Bearer ${token}`);
  return metadata;
};

/** Mean µs per authenticate over `calls` calls, each awaited (the cache answers synchronously). */
async function perCall(guard: CallGuard, token: string, calls: number): Promise<number> {
  const metadata = metadataWith(token);
  for (let i = 0; i < Math.min(calls, 200); i++) await guard.authenticate(metadata);
  const start = process.hrtime.bigint();
  for (let i = 0; i < calls; i++) {
    const context = guard.authenticate(metadata);
    if (context instanceof Promise) await context;
  }
  return Number(process.hrtime.bigint() - start) / 1e3 / calls;
}

async function guardCosts(): Promise<Record<string, number>> {
  const es = await createTestTokenIssuer();
  const esToken = await es.sign({ subject: 'ann', roles: ['worker'] });
  const figures: Record<string, number> = {};
  const config = (overrides: Partial<TokenAuthConfig>) => es.config(overrides);
  figures['es256CachedMicros'] = await perCall(tokenCallGuard(config({})), esToken, 200_000);
  figures['es256VerifiedMicros'] = await perCall(tokenCallGuard(config({ cacheSize: 0 })), esToken, 3_000);
  // RS256 through a PEM key: what most identity providers sign with.
  const { generateKeyPair, exportJWK, SignJWT } = await import('jose');
  const rsa = await generateKeyPair('RS256', { extractable: true });
  const rsJwks = { keys: [{ ...(await exportJWK(rsa.publicKey)), kid: 'rs', alg: 'RS256' }] };
  const rsToken = await new SignJWT({ baton_tenant: 'default', baton_roles: ['worker'] })
    .setProtectedHeader({ alg: 'RS256', kid: 'rs' })
    .setSubject('ann')
    .setIssuer(es.issuer)
    .setAudience(es.audience)
    .setExpirationTime('1h')
    .sign(rsa.privateKey);
  const rsConfig = config({ keys: { kind: 'jwks', jwks: rsJwks }, cacheSize: 0 });
  figures['rs256VerifiedMicros'] = await perCall(tokenCallGuard(rsConfig), rsToken, 3_000);
  figures['developmentIdentityMicros'] = await perCall(developmentCallGuard, esToken, 200_000);
  return Object.fromEntries(Object.entries(figures).map(([k, v]) => [k, Math.round(v * 100) / 100]));
}

/** Calls per second of ListDefinitions (a cheap read) with `concurrency` calls in flight for `ms`. */
async function rpcRate(
  guard: CallGuard | undefined,
  token: string | undefined,
  ms: number,
  concurrency = 32,
) {
  const dataDir = mkdtempSync(join(tmpdir(), 'baton-auth-bench-'));
  const host = await startEmbeddedHost({ address: '127.0.0.1:0', dataDir, ...(guard ? { guard } : {}) });
  const client = new definitionV1.DefinitionServiceClient(
    `127.0.0.1:${host.port}`,
    credentials.createInsecure(),
  );
  const metadata = token ? metadataWith(token) : new Metadata();
  const request = definitionV1.ListDefinitionsRequest.fromPartial({ pageSize: 1 });
  const once = () =>
    new Promise<void>((resolve, reject) =>
      client.listDefinitions(request, metadata, (error) => (error ? reject(error) : resolve())),
    );
  for (let i = 0; i < 500; i++) await once();
  let calls = 0;
  const until = Date.now() + ms;
  const start = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (Date.now() < until) {
        await once();
        calls++;
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  client.close();
  await host.stop();
  rmSync(dataDir, { recursive: true, force: true });
  return Math.round(calls / seconds);
}

async function main(): Promise<void> {
  const guard = await guardCosts();
  const idp = await createTestTokenIssuer();
  const token = await idp.sign({ subject: 'ann', roles: ['worker'] });
  const rounds: { development: number; token: number }[] = [];
  for (let i = 0; i < 3; i++) {
    rounds.push({
      development: await rpcRate(undefined, undefined, 4_000),
      token: await rpcRate(tokenCallGuard(idp.config()), token, 4_000),
    });
  }
  const mean = (k: 'development' | 'token') =>
    Math.round(rounds.reduce((s, r) => s + r[k], 0) / rounds.length);
  console.log(
    JSON.stringify(
      {
        bench: 'auth',
        node: process.version,
        at: new Date().toISOString(),
        guardPerCall: guard,
        listDefinitionsPerSecond: {
          rounds,
          developmentIdentityMean: mean('development'),
          bearerTokenMean: mean('token'),
          tokenCostPercent: Math.round((1 - mean('token') / mean('development')) * 1000) / 10,
        },
      },
      null,
      2,
    ),
  );
}

void main();
