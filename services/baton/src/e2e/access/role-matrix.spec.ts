import { analyticsV1, definitionV1 } from '@baton/contracts';
import { access } from '@baton/domain';
import { status } from '@grpc/grpc-js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expectRoleMatrix, MATRIX_ROLES, roleMatrixCases } from './role-matrix';
import { TokenHost, UNARY_RPCS } from './token-host';

/**
 * Each role × each unary RPC of the four services, over gRPC against the embedded host with
 * bearer tokens: allowed (any answer but PERMISSION_DENIED, usually INVALID_ARGUMENT for the empty
 * request) exactly when docs/security.md's table grants the RPC's permission, otherwise
 * PERMISSION_DENIED naming that permission, before any handler runs.
 */
describe('The role matrix over gRPC', () => {
  let baton: TokenHost;
  beforeAll(async () => {
    baton = await TokenHost.start();
  });
  afterAll(() => baton.stop());

  it('allows or refuses every RPC for every role as documented', async () => {
    const cases = await roleMatrixCases(
      (claims) => baton.token(claims),
      (rpc, token) => baton.callEmpty(rpc, token),
    );
    console.log(`role matrix: ${expectRoleMatrix(cases)}`);
  });

  describe('on resources', () => {
    const ACCESS_CHECK = readFileSync(join(__dirname, 'access-check.yaml'), 'utf8');
    /** access-check (owned by billing) or sales-check (owned by sales), with a description to tell versions apart. */
    const definition = (id: 'access-check' | 'sales-check', description: string) => ({
      source: {
        format: definitionV1.SourceFormat.SOURCE_FORMAT_YAML,
        text: ACCESS_CHECK.replace(/^id: access-check$/m, `id: ${id}`)
          .replace(/^description: .*$/m, `description: ${description}`)
          .replace(
            /^owner: \{ team: billing \}$/m,
            `owner: { team: ${id === 'sales-check' ? 'sales' : 'billing'} }`,
          )
          .replace('event: access.check.requested', `event: ${id}.requested`),
      },
    });
    const rpc = (name: string) => {
      const found = UNARY_RPCS.find((r) => r.rpc.endsWith(`/${name}`));
      if (!found) throw new Error(`no ${name} RPC`);
      return found;
    };
    const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
    let instanceId = '';

    /** The cases: what each does as a role whose token lists team billing. */
    const CASES: readonly {
      readonly name: string;
      readonly rpc: string;
      readonly fields: (role: string) => Record<string, unknown>;
      /** The rule's refusal, for the roles the rule refuses. */
      readonly rule: string;
    }[] = [
      {
        name: 'publish a new version of own process',
        rpc: 'PublishDefinition',
        fields: (role) => definition('access-check', `Version by ${role}.`),
        rule: '',
      },
      {
        name: "publish a new version of another team's process",
        rpc: 'PublishDefinition',
        fields: (role) => definition('sales-check', `Version by ${role}.`),
        rule: 'process owners publish new versions of their own processes only',
      },
      {
        name: "deprecate another team's process",
        rpc: 'DeprecateDefinition',
        fields: () => ({ definitionId: 'sales-check', reason: 'matrix' }),
        rule: 'process owners deprecate their own processes only',
      },
      {
        name: 'reassign a step of own team to a member',
        rpc: 'ReassignStep',
        fields: () => ({ instanceId, activationId: 'review#1', toPersonId: 'ann' }),
        rule: '',
      },
      {
        name: 'reassign a step of own team to a non-member',
        rpc: 'ReassignStep',
        fields: () => ({ instanceId, activationId: 'review#1', toPersonId: 'cy' }),
        rule: 'the new assignee must be a member of team billing',
      },
      {
        name: 'read the statistics of own process',
        rpc: 'GetStepStats',
        fields: () => ({ filter: analyticsV1.AnalyticsFilter.fromPartial({ definitionId: 'access-check' }) }),
        rule: '',
      },
      {
        name: "read the statistics of another team's process",
        rpc: 'GetStepStats',
        fields: () => ({ filter: analyticsV1.AnalyticsFilter.fromPartial({ definitionId: 'sales-check' }) }),
        rule: 'process owners read the analytics of their own processes only',
      },
    ];

    /** Expected per case (rows, as CASES) and role (columns): ✓ allowed, P lacks the permission, R refused by the rule. */
    const EXPECTED: Record<string, readonly string[]> = {
      //                 publish own, publish other, deprecate other, reassign member, reassign other, stats own, stats other
      integrator: ['P', 'P', 'P', 'P', 'P', 'P', 'P'],
      worker: ['P', 'P', 'P', 'P', 'P', 'P', 'P'],
      'team-lead': ['P', 'P', 'P', '✓', 'R', '✓', '✓'],
      'process-owner': ['✓', 'R', 'R', 'P', 'P', '✓', 'R'],
      admin: ['✓', '✓', '✓', '✓', '✓', '✓', '✓'],
      'platform-admin': ['✓', '✓', '✓', '✓', '✓', '✓', '✓'],
      service: ['P', 'P', 'P', 'P', 'P', 'P', 'P'],
      'no role': ['P', 'P', 'P', 'P', 'P', 'P', 'P'],
    };

    beforeAll(async () => {
      const admin = await baton.token({ subject: 'boss', roles: ['admin'] });
      const must = async (name: string, fields: Record<string, unknown>) => {
        const answer = await baton.call(rpc(name), admin, fields);
        if (!('answer' in answer)) throw new Error(`${name}: ${answer.code} ${answer.details}`);
        return answer.answer as Record<string, unknown>;
      };
      await must('PublishDefinition', definition('access-check', 'Seeded.'));
      await must('PublishDefinition', definition('sales-check', 'Seeded.'));
      for (const personId of ['ann', 'bob', 'cy'])
        await must('RegisterPerson', { personId, displayName: personId });
      for (const teamId of ['billing', 'sales']) await must('CreateTeam', { teamId, name: teamId });
      await must('AddMember', { teamId: 'billing', personId: 'ann' });
      await must('AddMember', { teamId: 'billing', personId: 'bob' });
      await must('AddMember', { teamId: 'sales', personId: 'cy' });
      const start = { definitionId: 'access-check', businessKey: 'matrix', data: { caseId: 'matrix' } };
      for (let i = 0; !instanceId && i < 250; i++) {
        const started = await baton.call(rpc('StartInstance'), admin, start);
        if ('answer' in started)
          instanceId = (started.answer as { instance: { instanceId: string } }).instance.instanceId;
        else await pause(20);
      }
      // Execution and analytics learn memberships and owners from the bus: wait until both have.
      const lead = await baton.token({ subject: 'lead', roles: ['team-lead'], teams: ['billing'] });
      const owner = await baton.token({ subject: 'owner', roles: ['process-owner'], teams: ['billing'] });
      const until = async (token: string, name: string, fields: Record<string, unknown>) => {
        for (let i = 0; i < 250; i++) {
          const answer = await baton.call(rpc(name), token, fields);
          if ('answer' in answer || answer.code !== status.PERMISSION_DENIED) return;
          await pause(20);
        }
      };
      await until(lead, 'ReassignStep', { instanceId, activationId: 'review#1', toPersonId: 'bob' });
      await until(owner, 'GetStepStats', {
        filter: analyticsV1.AnalyticsFilter.fromPartial({ definitionId: 'access-check' }),
      });
    }, 30_000);

    it('allows or refuses each rule on resources for every role as documented', async () => {
      const outcomes: { role: string; case: string; expected: string; got: string; details: string }[] = [];
      for (const role of MATRIX_ROLES) {
        const token = await baton.token({
          subject: `as-${role.replace(' ', '-')}`,
          roles: role === 'no role' ? [] : [role],
          teams: ['billing'],
        });
        for (const [i, c] of CASES.entries()) {
          const answer = await baton.call(rpc(c.rpc), token, c.fields(role));
          const denied = !('answer' in answer) && answer.code === status.PERMISSION_DENIED;
          const details = 'answer' in answer ? '' : answer.details;
          const permission = `permission ${access.permissionForRpc(rpc(c.rpc).rpc)} is required`;
          const got = !denied
            ? '✓'
            : details === permission
              ? 'P'
              : details === `${permission}: ${c.rule}`
                ? 'R'
                : '?';
          outcomes.push({ role, case: c.name, expected: EXPECTED[role]?.[i] ?? '', got, details });
        }
      }
      expect(outcomes.filter((o) => o.expected !== o.got)).toEqual([]);
      const count = (mark: string) => outcomes.filter((o) => o.got === mark).length;
      console.log(
        `role matrix on resources: ${outcomes.length} cases (${MATRIX_ROLES.length} roles × ${CASES.length} cases): ${count('✓')} allowed, ${count('P')} PERMISSION_DENIED for the permission, ${count('R')} by the rule on the resource`,
      );
      expect(outcomes.length).toBe(MATRIX_ROLES.length * CASES.length);
    });
  });

  it('lists every unary RPC of the four services in the permission table', () => {
    expect(UNARY_RPCS.map((r) => r.rpc).filter((rpc) => access.permissionForRpc(rpc) === undefined)).toEqual(
      [],
    );
    expect(UNARY_RPCS.length).toBeGreaterThanOrEqual(46);
  });

  it('answers UNAUTHENTICATED with the reason, whatever the RPC, when the token is missing or expired', async () => {
    const expired = await baton.token({ now: Date.now() - 7_200_000, expiresIn: 3_600 });
    for (const rpc of UNARY_RPCS) {
      const missing = await baton.callEmpty(rpc, undefined);
      expect([rpc.rpc, missing?.code, missing?.details]).toEqual([
        rpc.rpc,
        status.UNAUTHENTICATED,
        'missing bearer token',
      ]);
      const late = await baton.callEmpty(rpc, expired);
      expect([rpc.rpc, late?.code, late?.details]).toEqual([
        rpc.rpc,
        status.UNAUTHENTICATED,
        'token expired',
      ]);
    }
  });
});
