import { access } from '@baton/domain';
import { status } from '@grpc/grpc-js';
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

  const roles: readonly (access.Role | 'no role')[] = [...access.ROLES, 'no role'];

  it('allows or refuses every RPC for every role as documented', async () => {
    const outcomes = await Promise.all(
      roles.map(async (role) => {
        const token = await baton.token({
          subject: `as-${role.replace(' ', '-')}`,
          roles: role === 'no role' ? [] : [role],
        });
        return Promise.all(
          UNARY_RPCS.map(async (rpc) => {
            const error = await baton.callEmpty(rpc, token);
            const caller = { subject: 'x', roles: role === 'no role' ? [] : [role], teams: [] };
            return { role, rpc: rpc.rpc, expected: access.mayCall(caller, rpc.rpc), error };
          }),
        );
      }),
    );
    const cases = outcomes.flat();
    const wrong = cases.filter(
      ({ expected, error }) => expected === (error?.code === status.PERMISSION_DENIED),
    );
    expect(
      wrong.map((c) => `${c.role} ${c.rpc}: ${c.error?.code ?? 'OK'} ${c.error?.details ?? ''}`),
    ).toEqual([]);
    for (const c of cases.filter((c) => !c.expected)) {
      expect(c.error?.details).toBe(`permission ${access.permissionForRpc(c.rpc)} is required`);
    }
    const unexpected = [status.UNAUTHENTICATED, status.INTERNAL, status.UNKNOWN] as number[];
    expect(cases.filter((c) => unexpected.includes(c.error?.code ?? -1))).toEqual([]);
    const allowed = cases.filter((c) => c.expected).length;
    console.log(
      `role matrix: ${cases.length} cases (${roles.length} roles × ${UNARY_RPCS.length} RPCs): ${allowed} allowed, ${cases.length - allowed} PERMISSION_DENIED`,
    );
    expect(cases.length).toBe(roles.length * UNARY_RPCS.length);
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
