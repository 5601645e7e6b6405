import type { definitionV1, executionV1 } from '@baton/contracts';
import { startTelemetry, type TelemetryHandle } from '@baton/telemetry';
import { status } from '@grpc/grpc-js';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import {
  A,
  crossTenantCases,
  NEVER_SENT,
  rpcNamed,
  seedTenantA,
  text,
  verdict,
  type Ids,
  type MatrixCaller,
} from './cross-tenant';
import { TokenHost } from './token-host';

/**
 * The cross-tenant matrix over gRPC against the embedded host with bearer tokens: tenant B's
 * admin and platform admin call every unary RPC against tenant A's definition, instance, step,
 * person and team. Each answer must be the one B gets for ids that do not exist, and nothing B
 * did not send (A's names, business key, actor) may appear in answers or in the spans of B's calls.
 */
describe('The cross-tenant matrix over gRPC', () => {
  let baton: TokenHost;
  let aIds: Ids;
  // Spans of every call, to check their attributes name nothing of A either.
  const spans = new InMemorySpanExporter();
  let telemetry: TelemetryHandle | undefined;

  const caller = async (tenant: string, subject: string, role: string): Promise<MatrixCaller> => {
    const token = await baton.token({ subject, tenant, roles: [role] });
    return { label: `${tenant} ${role}`, call: (rpc, fields) => baton.call(rpc, token, fields) };
  };

  beforeAll(async () => {
    telemetry = startTelemetry({ config: { enabled: true, metrics: 'none' }, spanExporter: spans });
    baton = await TokenHost.start();
    aIds = await seedTenantA(await caller(A.tenant, A.admin, 'admin'));
  }, 60_000);
  afterAll(async () => {
    await baton.stop();
    await telemetry?.shutdown();
  });

  it('answers tenant B about tenant A as about ids that do not exist, on every RPC, with nothing of A', async () => {
    expect(aIds.activationId).not.toBe('');
    const callers = [
      await caller('globex', 'globex-admin', 'admin'),
      await caller('globex', 'globex-ops', 'platform-admin'),
    ];
    await telemetry?.forceFlush();
    spans.reset();
    const cases = await crossTenantCases(callers, aIds);
    await telemetry?.forceFlush();
    const traced = spans.getFinishedSpans();
    const attributes = traced.map((span) => `${span.name} ${text(span.attributes)} ${text(span.events)}`);
    expect(traced.length).toBeGreaterThan(0);
    expect(attributes.filter((a) => NEVER_SENT.some((v) => a.includes(v)))).toEqual([]);
    const { failing, report } = verdict(cases, callers.length, `; ${traced.length} spans, none naming A`);
    expect(failing).toEqual([]);
    console.log(report);
    // The matrix must be able to fail: tenant A itself sees its own instance.
    const own = await caller(A.tenant, A.admin, 'admin');
    expect(text(await own.call(rpcNamed('GetInstance'), { instanceId: aIds.instanceId }))).toContain(
      A.businessKey,
    );
  });

  it('lists across tenants only for a platform admin that asks for all tenants', async () => {
    const platform = await caller('globex', 'ops', 'platform-admin');
    const admin = await caller('globex', 'boss', 'admin');
    const definitions = await platform.call(rpcNamed('ListDefinitions'), { allTenants: true });
    const listed =
      'answer' in definitions ? (definitions.answer as definitionV1.ListDefinitionsResponse) : undefined;
    expect(
      listed?.definitionVersions.filter((v) => v.definitionId === A.definitionId).map((v) => v.tenantId),
    ).toEqual([A.tenant]);
    const instances = await platform.call(rpcNamed('ListInstances'), { allTenants: true });
    const found = 'answer' in instances ? (instances.answer as executionV1.ListInstancesResponse) : undefined;
    expect(found?.instances.filter((i) => i.instanceId === aIds.instanceId).map((i) => i.tenantId)).toEqual([
      A.tenant,
    ]);
    for (const name of ['ListDefinitions', 'ListInstances']) {
      expect(await admin.call(rpcNamed(name), { allTenants: true })).toEqual({
        code: status.PERMISSION_DENIED,
        details: 'permission tenant.cross is required: only a platform admin lists across tenants',
      });
    }
  });
});
