import { analyticsV1, definitionV1, executionV1, ownershipV1 } from '@baton/contracts';
import {
  createTestTokenIssuer,
  tokenCallGuard,
  type TestTokenClaims,
  type TestTokenIssuer,
} from '@baton/grpc-server';
import { Client, credentials, type ServiceDefinition } from '@grpc/grpc-js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BatonConnection } from '../../cli/connection';
import type { Answer } from './cross-tenant';
import { bearer, errorOf, unaryCall } from './unary-call';
import { startEmbeddedHost, type EmbeddedHost } from '../../embedded-host';

/** Every unary RPC of the four services, by full name, with its grpc-js method definition. */
export const UNARY_RPCS = [
  definitionV1.DefinitionServiceService,
  executionV1.ExecutionServiceService,
  ownershipV1.OwnershipServiceService,
  analyticsV1.AnalyticsServiceService,
].flatMap((service) =>
  Object.values(service as ServiceDefinition)
    .filter((m) => !m.requestStream && !m.responseStream)
    .map((m) => ({ rpc: m.path.slice(1), method: m })),
);

/**
 * The embedded host as `npm start` runs it with BATON_AUTH_* set: bearer tokens verified against
 * a test identity provider's keys, ownership's own commands vouched for in-process.
 */
export class TokenHost {
  private constructor(
    readonly host: EmbeddedHost,
    readonly idp: TestTokenIssuer,
    private readonly dataDir: string,
    private readonly client: Client,
  ) {}

  static async start(): Promise<TokenHost> {
    const idp = await createTestTokenIssuer();
    const dataDir = mkdtempSync(join(tmpdir(), 'baton-access-'));
    const host = await startEmbeddedHost({
      address: '127.0.0.1:0',
      dataDir,
      guard: tokenCallGuard(idp.config()),
    });
    const client = new Client(`127.0.0.1:${host.port}`, credentials.createInsecure());
    return new TokenHost(host, idp, dataDir, client);
  }

  get address(): string {
    return `127.0.0.1:${this.host.port}`;
  }

  token(claims: TestTokenClaims): Promise<string> {
    return this.idp.sign(claims);
  }

  /** A CLI connection sending `token`, and naming someone else in x-baton-actor (to be ignored). */
  connection(token: string): BatonConnection {
    return new BatonConnection({ address: this.address, timeoutMs: 10_000, token, actor: 'mallory' });
  }

  /** Calls an RPC with its empty request: the error, or undefined when it answered. */
  async callEmpty(
    rpc: (typeof UNARY_RPCS)[number],
    token: string | undefined,
  ): Promise<{ readonly code: number; readonly details: string } | undefined> {
    return errorOf(await unaryCall(this.client, rpc, bearer(token)));
  }

  /**
   * Calls an RPC with its default request overlaid with `fields`: the answer, or the error's code
   * and details.
   */
  call(rpc: (typeof UNARY_RPCS)[number], token: string, fields: Record<string, unknown>): Promise<Answer> {
    return unaryCall(this.client, rpc, bearer(token), fields);
  }

  async stop(): Promise<void> {
    this.client.close();
    await this.host.stop();
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}
