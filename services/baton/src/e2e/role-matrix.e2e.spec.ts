import { createTestTokenIssuer, tokenCallGuard, type TestTokenIssuer } from '@baton/grpc-server';
import { ManualClock } from '@baton/service-kit';
import { databaseUrl, describeWith, kafkaBrokers, uniqueName } from '@baton/testing';
import { Client, credentials } from '@grpc/grpc-js';
import { expectRoleMatrix, roleMatrixCases } from './access/role-matrix';
import { bearer, errorOf, unaryCall } from './access/unary-call';
import { nodeServing, startDistributedCluster, type DistributedCluster } from './distributed-cluster';

/**
 * The role matrix on the distributed services (each its own gRPC server verifying bearer tokens,
 * PostgreSQL schemas, Kafka topics): every role × every unary RPC, allowed or refused as on the
 * embedded host (access/role-matrix.spec.ts), by whichever service serves the RPC.
 */
describeWith(['kafka', 'postgres'], 'The role matrix, distributed (real Kafka and PostgreSQL)', () => {
  let cluster: DistributedCluster;
  let idp: TestTokenIssuer;
  const clients = new Map<string, Client>();

  beforeAll(async () => {
    idp = await createTestTokenIssuer();
    cluster = await startDistributedCluster({
      databaseUrl: databaseUrl(),
      kafkaBrokers: kafkaBrokers(),
      prefix: uniqueName('roles'),
      clock: new ManualClock(Date.parse('2026-03-02T08:00:00Z')),
      guard: tokenCallGuard(idp.config()),
    });
  }, 180_000);
  afterAll(async () => {
    for (const client of clients.values()) client.close();
    await cluster?.stop();
  });

  it('allows or refuses every RPC for every role as documented, on the service that serves it', async () => {
    const cases = await roleMatrixCases(
      (claims) => idp.sign(claims),
      (rpc, token) => {
        const address = cluster.addresses[nodeServing(rpc.rpc)];
        let client = clients.get(address);
        if (!client) clients.set(address, (client = new Client(address, credentials.createInsecure())));
        return unaryCall(client, rpc, bearer(token)).then(errorOf);
      },
    );
    console.log(`distributed role matrix: ${expectRoleMatrix(cases)}`);
  }, 120_000);
});
