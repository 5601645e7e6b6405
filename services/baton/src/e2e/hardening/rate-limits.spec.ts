import { googleRpc } from '@baton/contracts';
import { developmentCallGuard, rateLimitedGuard, statusDetailsOf } from '@baton/grpc-server';
import { Client, credentials, Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedHost, type EmbeddedHost } from '../../embedded-host';

/** Per-tenant token buckets in the embedded host's call guard, over gRPC. */
describe('Rate limits over gRPC', () => {
  let host: EmbeddedHost;
  let dataDir: string;
  let client: Client;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'baton-limits-'));
    host = await startEmbeddedHost({
      address: '127.0.0.1:0',
      dataDir,
      // A slow refill, so the test's own pace cannot refill a bucket between calls.
      guard: rateLimitedGuard(developmentCallGuard, {
        commands: { perSecond: 0.01, burst: 2 },
        queries: { perSecond: 0.01, burst: 4 },
      }),
    });
    client = new Client(`127.0.0.1:${host.port}`, credentials.createInsecure());
  }, 60_000);

  afterAll(async () => {
    client?.close();
    await host?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** Calls `method` with an empty request as `tenant`: the error, or null. */
  const call = (method: string, tenant: string): Promise<ServiceError | null> => {
    const metadata = new Metadata();
    metadata.set('x-baton-tenant', tenant);
    return new Promise((resolve) =>
      client.makeUnaryRequest(
        `/baton.execution.v1.ExecutionService/${method}`,
        (b: Buffer) => b,
        (b: Buffer) => b,
        Buffer.alloc(0),
        metadata,
        { deadline: Date.now() + 5_000 },
        (error) => resolve(error),
      ),
    );
  };

  it('refuses a tenant past its command burst with RESOURCE_EXHAUSTED and RetryInfo, not other tenants or its queries', async () => {
    const codes = async (method: string, tenant: string, n: number) => {
      const out: number[] = [];
      for (let i = 0; i < n; i++) out.push((await call(method, tenant))?.code ?? status.OK);
      return out;
    };
    // The empty StartInstance is INVALID_ARGUMENT, but it was admitted, so it spent a token.
    expect(await codes('StartInstance', 'acme', 3)).toEqual([
      status.INVALID_ARGUMENT,
      status.INVALID_ARGUMENT,
      status.RESOURCE_EXHAUSTED,
    ]);
    expect(await codes('StartInstance', 'globex', 2)).toEqual([
      status.INVALID_ARGUMENT,
      status.INVALID_ARGUMENT,
    ]);
    expect(await codes('ListInstances', 'acme', 5)).toEqual([
      status.OK,
      status.OK,
      status.OK,
      status.OK,
      status.RESOURCE_EXHAUSTED,
    ]);

    const refused = await call('StartInstance', 'acme');
    expect(refused?.details).toMatch(/^too many commands for this tenant; retry in \d+ ms$/);
    const details = refused ? statusDetailsOf(refused)?.details : undefined;
    const retry = details?.find((d) => d.typeUrl.endsWith('google.rpc.RetryInfo'));
    expect(Number(retry && googleRpc.RetryInfo.decode(retry.value).retryDelay?.seconds)).toBeGreaterThan(50);
    const info = details?.find((d) => d.typeUrl.endsWith('google.rpc.ErrorInfo'));
    expect(info && googleRpc.ErrorInfo.decode(info.value).reason).toBe('RATE_LIMITED');
  });
});
