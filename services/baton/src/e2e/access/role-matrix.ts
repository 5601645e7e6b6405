import type { TestTokenClaims } from '@baton/grpc-server';
import { access } from '@baton/domain';
import { status } from '@grpc/grpc-js';
import { UNARY_RPCS } from './token-host';

type Rpc = (typeof UNARY_RPCS)[number];

/** One role × RPC call with the RPC's empty request: what the role may do, and what came back. */
export interface RoleCase {
  readonly role: access.Role | 'no role';
  readonly rpc: string;
  readonly expected: boolean;
  /** The refusal (undefined: it answered). */
  readonly error: { readonly code: number; readonly details: string } | undefined;
}

export const MATRIX_ROLES: readonly (access.Role | 'no role')[] = [...access.ROLES, 'no role'];

/**
 * Calls every unary RPC of the four services with its empty request as each role (and as a token
 * with no role), through `callEmpty` (the embedded host, or the distributed services).
 */
export async function roleMatrixCases(
  sign: (claims: TestTokenClaims) => Promise<string>,
  callEmpty: (rpc: Rpc, token: string) => Promise<RoleCase['error']>,
): Promise<RoleCase[]> {
  const outcomes = await Promise.all(
    MATRIX_ROLES.map(async (role) => {
      const roles = role === 'no role' ? [] : [role];
      const token = await sign({ subject: `as-${role.replace(' ', '-')}`, roles });
      return Promise.all(
        UNARY_RPCS.map(async (rpc): Promise<RoleCase> => {
          const error = await callEmpty(rpc, token);
          const expected = access.mayCall({ subject: 'x', roles, teams: [] }, rpc.rpc);
          return { role, rpc: rpc.rpc, expected, error };
        }),
      );
    }),
  );
  return outcomes.flat();
}

/**
 * Allowed (any answer but PERMISSION_DENIED, usually INVALID_ARGUMENT for the empty request)
 * exactly when docs/security.md's table grants the RPC's permission, otherwise PERMISSION_DENIED
 * naming that permission, and never UNAUTHENTICATED, INTERNAL or UNKNOWN. Returns the summary.
 */
export function expectRoleMatrix(cases: readonly RoleCase[]): string {
  const wrong = cases.filter(
    ({ expected, error }) => expected === (error?.code === status.PERMISSION_DENIED),
  );
  expect(wrong.map((c) => `${c.role} ${c.rpc}: ${c.error?.code ?? 'OK'} ${c.error?.details ?? ''}`)).toEqual(
    [],
  );
  for (const c of cases.filter((c) => !c.expected)) {
    expect(c.error?.details).toBe(`permission ${access.permissionForRpc(c.rpc)} is required`);
  }
  const unexpected = [status.UNAUTHENTICATED, status.INTERNAL, status.UNKNOWN] as number[];
  expect(cases.filter((c) => unexpected.includes(c.error?.code ?? -1))).toEqual([]);
  expect(cases.length).toBe(MATRIX_ROLES.length * UNARY_RPCS.length);
  const allowed = cases.filter((c) => c.expected).length;
  return `${cases.length} cases (${MATRIX_ROLES.length} roles × ${UNARY_RPCS.length} RPCs): ${allowed} allowed, ${cases.length - allowed} PERMISSION_DENIED`;
}
