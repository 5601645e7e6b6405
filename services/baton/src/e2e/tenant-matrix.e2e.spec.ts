import { commonV1, TRIGGERS_TOPIC } from '@baton/contracts';
import { KafkaMessageBus, MessageHeaders } from '@baton/messaging';
import { ManualClock } from '@baton/service-kit';
import { databaseUrl, describeWith, kafkaBrokers, uniqueName } from '@baton/testing';
import { Client, credentials, Metadata } from '@grpc/grpc-js';
import {
  A,
  crossTenantCases,
  rpcNamed,
  seedTenantA,
  text,
  verdict,
  type Ids,
  type MatrixCaller,
} from './access/cross-tenant';
import { unaryCall } from './access/unary-call';
import { nodeServing, startDistributedCluster, type DistributedCluster } from './distributed-cluster';

const T0 = Date.parse('2026-03-02T08:00:00Z');

/**
 * The cross-tenant matrix on the distributed services (each its own gRPC server, PostgreSQL
 * schemas, Kafka topics), as the development identity names tenants (x-baton-tenant; every caller
 * an admin of its tenant): tenant B calls every unary RPC against tenant A's resources. Also a
 * trigger of tenant B from Kafka that A's definition would start on starts nothing in A.
 */
describeWith(
  ['kafka', 'postgres'],
  'The cross-tenant matrix, distributed (real Kafka and PostgreSQL)',
  () => {
    let cluster: DistributedCluster;
    const clients = new Map<string, Client>();

    const caller = (tenant: string, actor: string): MatrixCaller => ({
      label: `${tenant} admin`,
      call: (rpc, fields) => {
        const address = cluster.addresses[nodeServing(rpc.rpc)];
        let client = clients.get(address);
        if (!client) clients.set(address, (client = new Client(address, credentials.createInsecure())));
        const metadata = new Metadata();
        metadata.set('x-baton-tenant', tenant);
        metadata.set('x-baton-actor', actor);
        return unaryCall(client, rpc, metadata, fields);
      },
    });
    let aIds: Ids;

    beforeAll(async () => {
      cluster = await startDistributedCluster({
        databaseUrl: databaseUrl(),
        kafkaBrokers: kafkaBrokers(),
        prefix: uniqueName('tenants'),
        clock: new ManualClock(T0),
      });
      aIds = await seedTenantA(caller(A.tenant, A.admin));
    }, 180_000);
    afterAll(async () => {
      for (const client of clients.values()) client.close();
      await cluster?.stop();
    });

    it('answers tenant B about tenant A as about ids that do not exist, on every RPC, with nothing of A', async () => {
      expect(aIds.activationId).not.toBe('');
      const cases = await crossTenantCases([caller('globex', 'globex-admin')], aIds);
      const { failing, report } = verdict(cases, 1);
      expect(failing).toEqual([]);
      console.log(`distributed ${report}`);
      expect(
        text(await caller(A.tenant, A.admin).call(rpcNamed('GetInstance'), { instanceId: aIds.instanceId })),
      ).toContain(A.businessKey);
    }, 120_000);

    it("starts nothing in tenant A from tenant B's trigger on Kafka, and A's own trigger starts A's process", async () => {
      const producer = new KafkaMessageBus({
        brokers: kafkaBrokers(),
        clientId: 'tenants',
        topicPrefix: cluster.topicPrefix,
      });
      const trigger = (tenantId: string, caseId: string) => ({
        key: 'tenant-matrix', // one partition: B's trigger is handled before A's
        value: Buffer.from(
          commonV1.TriggerEvent.encode(
            commonV1.TriggerEvent.fromPartial({
              type: 'access.check.requested',
              idempotencyKey: `${tenantId}-${caseId}`,
              correlationKey: caseId,
              tenantId,
              payload: { caseId },
            }),
          ).finish(),
        ),
        headers: { [MessageHeaders.contentType]: 'application/x-protobuf' },
      });
      const count = async (tenant: string, businessKey: string) => {
        const listed = await caller(tenant, 'reader').call(rpcNamed('ListInstances'), { businessKey });
        return 'answer' in listed ? (listed.answer as { instances: unknown[] }).instances.length : -1;
      };
      try {
        await producer.publish(TRIGGERS_TOPIC, [trigger('globex', 'b-case'), trigger(A.tenant, 'a-case')]);
        // A's trigger, sent after B's on the same topic, shows the consumer got past B's.
        for (let i = 0; i < 1000 && (await count(A.tenant, 'a-case')) === 0; i++)
          await new Promise((r) => setTimeout(r, 20));
        expect(await count(A.tenant, 'a-case')).toBe(1);
        expect(await count(A.tenant, 'b-case')).toBe(0);
        expect(await count('globex', 'b-case')).toBe(0);
      } finally {
        await producer.close();
      }
    }, 60_000);
  },
);
