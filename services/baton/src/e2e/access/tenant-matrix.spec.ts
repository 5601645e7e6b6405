import { definitionV1, executionV1, ownershipV1 } from '@baton/contracts';
import { startTelemetry, type TelemetryHandle } from '@baton/telemetry';
import { status, type ServiceError } from '@grpc/grpc-js';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BatonConnection } from '../../cli/connection';
import { TokenHost, UNARY_RPCS } from './token-host';

/**
 * The cross-tenant matrix (issue 9): every unary RPC of the four services, enumerated from the
 * generated service definitions (a new RPC is covered without editing this file), called with
 * tokens of tenant B against tenant A's definition, instance, step, person and team. Each answer
 * must be the one B gets for ids that do not exist (same status, same message once the ids are
 * swapped), and nothing B did not send (A's names, business key, data, actors) may appear in it.
 */
const A = {
  tenant: 'acme',
  definitionId: 'acme-secret-process',
  definitionName: 'Acme secret process',
  businessKey: 'acme-case-7',
  personId: 'acme-zed',
  personName: 'Zed of Acme',
  teamId: 'acme-vault',
  teamName: 'Acme vault team',
  admin: 'acme-admin',
};

/** Values of A that B never sends: any of them in an answer to B is a leak. */
const NEVER_SENT = [A.definitionName, A.businessKey, A.personName, A.teamName, A.admin];

/**
 * Services whose data is not scoped by tenant yet (docs/adr/0015-tenancy.md, "Not yet"): their
 * leaks are reported, not failed. Remove a service here once it is scoped.
 */
const NOT_YET_SCOPED = ['baton.analytics.v1.AnalyticsService'];

const DEFINITION = readFileSync(join(__dirname, 'access-check.yaml'), 'utf8')
  .replace('id: access-check', `id: ${A.definitionId}`)
  .replace('name: Access check', `name: ${A.definitionName}`);

type Ids = Record<'instanceId' | 'definitionId' | 'activationId' | 'personId' | 'teamId', string>;

/** Puts the ids into every request field of the same name (camelCase), and plausible values elsewhere. */
function requestFor(defaults: Record<string, unknown>, ids: Ids): Record<string, unknown> {
  const values: Record<string, unknown> = {
    ...ids,
    toPersonId: ids.personId,
    reason: 'tenant matrix',
    level: 1,
  };
  const request = { ...defaults };
  for (const [field, value] of Object.entries(values)) {
    if (field in request && typeof request[field] === typeof value) request[field] = value;
  }
  return request;
}

/** An answer as text with dates blanked (two calls a moment apart differ only there). */
const text = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) =>
    typeof v === 'string' && /^\d{4}-\d\d-\d\dT/.test(v) ? '<time>' : v,
  );

const swapped = (answer: string, from: Ids, to: Ids): string =>
  Object.keys(from).reduce((s, k) => s.split(from[k as keyof Ids]).join(to[k as keyof Ids]), answer);

describe('The cross-tenant matrix over gRPC', () => {
  let baton: TokenHost;
  // Spans of every call, to check their attributes name nothing of A either.
  const spans = new InMemorySpanExporter();
  let telemetry: TelemetryHandle | undefined;
  let aIds: Ids;
  const missing: Ids = {
    instanceId: '0190f0a0-0000-7000-8000-000000000000',
    definitionId: 'no-such-process',
    activationId: '0190f0a0-0000-7000-8000-00000000ffff',
    personId: 'no-such-person',
    teamId: 'no-such-team',
  };

  beforeAll(async () => {
    telemetry = startTelemetry({ config: { enabled: true, metrics: 'none' }, spanExporter: spans });
    baton = await TokenHost.start();
    const a: BatonConnection = baton.connection(
      await baton.token({ subject: A.admin, tenant: A.tenant, roles: ['admin'] }),
    );
    try {
      await a.call(
        a.definition,
        a.definition.publishDefinition,
        definitionV1.PublishDefinitionRequest.fromPartial({
          source: { format: definitionV1.SourceFormat.SOURCE_FORMAT_YAML, text: DEFINITION },
        }),
      );
      await a.call(
        a.ownership,
        a.ownership.registerPerson,
        ownershipV1.RegisterPersonRequest.fromPartial({ personId: A.personId, displayName: A.personName }),
      );
      await a.call(
        a.ownership,
        a.ownership.createTeam,
        ownershipV1.CreateTeamRequest.fromPartial({ teamId: A.teamId, name: A.teamName }),
      );
      let instanceId = '';
      // Execution learns the published definition from the bus, a moment after publishing.
      for (let i = 0; !instanceId; i++) {
        try {
          const started = await a.call(
            a.execution,
            a.execution.startInstance,
            executionV1.StartInstanceRequest.fromPartial({
              definitionId: A.definitionId,
              businessKey: A.businessKey,
              data: { caseId: A.businessKey },
            }),
          );
          instanceId = started.instance?.instanceId ?? '';
        } catch (error) {
          if ((error as ServiceError).code !== status.NOT_FOUND || i > 200) throw error;
          await new Promise((r) => setTimeout(r, 20));
        }
      }
      const got = await a.call(
        a.execution,
        a.execution.getInstance,
        executionV1.GetInstanceRequest.fromPartial({ instanceId }),
      );
      // A's first step done, so analytics has step and handoff figures of A to leak.
      const review = got.instance?.activations[0]?.activationId ?? '';
      await a.call(
        a.execution,
        a.execution.startStep,
        executionV1.StartStepRequest.fromPartial({ instanceId, activationId: review }),
      );
      await a.call(
        a.execution,
        a.execution.completeStep,
        executionV1.CompleteStepRequest.fromPartial({
          instanceId,
          activationId: review,
          output: { note: A.businessKey },
        }),
      );
      // Analytics projects A's instance a moment later: the matrix runs on data it has.
      const own = await baton.token({ subject: A.admin, tenant: A.tenant, roles: ['admin'] });
      const trail = UNARY_RPCS.find((r) => r.rpc.endsWith('/GetAuditTrail'));
      for (let i = 0; trail && i < 500; i++) {
        const seen = await baton.call(trail, own, { instanceId });
        if ('answer' in seen && text(seen).includes('StepCompleted')) break;
        await new Promise((r) => setTimeout(r, 20));
      }
      aIds = {
        instanceId,
        definitionId: A.definitionId,
        activationId: got.instance?.activations[0]?.activationId ?? '',
        personId: A.personId,
        teamId: A.teamId,
      };
    } finally {
      a.close();
    }
  }, 60_000);
  afterAll(async () => {
    await baton.stop();
    await telemetry?.shutdown();
  });

  it('answers tenant B about tenant A as about ids that do not exist, on every RPC, with nothing of A', async () => {
    expect(aIds.activationId).not.toBe('');
    const callers = ['admin', 'platform-admin'] as const;
    const cases = [];
    await telemetry?.forceFlush();
    spans.reset();
    for (const role of callers) {
      const token = await baton.token({ subject: `globex-${role}`, tenant: 'globex', roles: [role] });
      for (const rpc of UNARY_RPCS) {
        const defaults = rpc.method.requestDeserialize(Buffer.alloc(0)) as Record<string, unknown>;
        const aimed = await baton.call(rpc, token, requestFor(defaults, aIds));
        const blank = await baton.call(rpc, token, requestFor(defaults, missing));
        const answer = text(aimed);
        const leaks = [
          ...NEVER_SENT.filter((v) => answer.includes(v)),
          ...(swapped(answer, aIds, missing) === text(blank)
            ? []
            : ['differs from the answer for missing ids']),
        ];
        cases.push({ role, rpc: rpc.rpc, answer, blank: text(blank), leaks });
      }
    }
    await telemetry?.forceFlush();
    const traced = spans.getFinishedSpans();
    const attributes = traced.map((span) => `${span.name} ${text(span.attributes)} ${text(span.events)}`);
    expect(traced.length).toBeGreaterThan(0);
    expect(attributes.filter((a) => NEVER_SENT.some((v) => a.includes(v)))).toEqual([]);
    const service = (rpc: string) => rpc.slice(0, rpc.lastIndexOf('/'));
    const leaking = cases.filter((c) => c.leaks.length > 0);
    const failing = leaking.filter((c) => !NOT_YET_SCOPED.includes(service(c.rpc)));
    expect(
      failing.map(
        (c) => `${c.role} ${c.rpc}: ${c.leaks.join(', ')}\n  A: ${c.answer}\n  missing: ${c.blank}`,
      ),
    ).toEqual([]);
    const scoped = cases.filter((c) => !NOT_YET_SCOPED.includes(service(c.rpc)));
    console.log(
      [
        `tenant matrix: ${cases.length} cases (${callers.length} callers of tenant B × ${UNARY_RPCS.length} RPCs)`,
        `${scoped.length} on tenant-scoped services, all isolated; ${traced.length} spans, none naming A`,
        `${cases.length - scoped.length} on services not scoped yet, ${leaking.length} of them leaking A:`,
        ...[...new Set(leaking.map((c) => c.rpc))].map((rpc) => `  ${rpc}`),
      ].join('\n'),
    );
    expect(cases.length).toBe(callers.length * UNARY_RPCS.length);
    // The matrix must be able to fail: tenant A itself sees its own instance.
    const own = await baton.token({ subject: A.admin, tenant: A.tenant, roles: ['admin'] });
    const getInstance = UNARY_RPCS.find((r) => r.rpc.endsWith('/GetInstance'));
    if (!getInstance) throw new Error('no GetInstance RPC');
    const mine = text(await baton.call(getInstance, own, { instanceId: aIds.instanceId }));
    expect(mine).toContain(A.businessKey);
  });

  it('lists across tenants only for a platform admin that asks for all tenants', async () => {
    const rpc = (name: string) => {
      const found = UNARY_RPCS.find((r) => r.rpc.endsWith(`/${name}`));
      if (!found) throw new Error(`no ${name} RPC`);
      return found;
    };
    const platform = await baton.token({ subject: 'ops', tenant: 'globex', roles: ['platform-admin'] });
    const admin = await baton.token({ subject: 'boss', tenant: 'globex', roles: ['admin'] });
    const definitions = await baton.call(rpc('ListDefinitions'), platform, { allTenants: true });
    const listed =
      'answer' in definitions ? (definitions.answer as definitionV1.ListDefinitionsResponse) : undefined;
    expect(
      listed?.definitionVersions.filter((v) => v.definitionId === A.definitionId).map((v) => v.tenantId),
    ).toEqual([A.tenant]);
    const instances = await baton.call(rpc('ListInstances'), platform, { allTenants: true });
    const found = 'answer' in instances ? (instances.answer as executionV1.ListInstancesResponse) : undefined;
    expect(found?.instances.filter((i) => i.instanceId === aIds.instanceId).map((i) => i.tenantId)).toEqual([
      A.tenant,
    ]);
    for (const name of ['ListDefinitions', 'ListInstances']) {
      expect(await baton.call(rpc(name), admin, { allTenants: true })).toEqual({
        code: status.PERMISSION_DENIED,
        details: 'permission tenant.cross is required: only a platform admin lists across tenants',
      });
    }
  });
});
