import fc from 'fast-check';
import type { Caller } from './caller';
import { PermissionDeniedError } from './errors';
import { PERMISSIONS } from './permissions';
import { ROLES, ROLE_PERMISSIONS } from './roles';
import { mayCall, permissionForRpc, requireRpcPermission, RPC_PERMISSIONS } from './rpc-permissions';

const caller = (...roles: Caller['roles']): Caller => ({ subject: 'p-1', roles, teams: [] });
const rpcs = Object.keys(RPC_PERMISSIONS);

describe('RPC permissions', () => {
  it('names a known permission for every RPC', () => {
    for (const rpc of rpcs) expect(PERMISSIONS).toContain(RPC_PERMISSIONS[rpc]);
  });

  it('refuses a method it does not know, and does not read inherited properties', () => {
    expect(permissionForRpc('baton.execution.v1.ExecutionService/DropTables')).toBeUndefined();
    expect(permissionForRpc('constructor')).toBeUndefined();
    expect(() => requireRpcPermission(caller('admin'), 'toString')).toThrow(PermissionDeniedError);
  });

  it('allows an RPC exactly when one of the roles grants its permission, else names it', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...ROLES), { maxLength: 4 }),
        fc.constantFrom(...rpcs),
        (roles, rpc) => {
          const required = RPC_PERMISSIONS[rpc] as string;
          const granted = roles.some((r) => (ROLE_PERMISSIONS[r] as readonly string[]).includes(required));
          expect(mayCall(caller(...roles), rpc)).toBe(granted);
          let refused: unknown;
          try {
            requireRpcPermission(caller(...roles), rpc);
          } catch (error) {
            refused = error;
          }
          if (granted) expect(refused).toBeUndefined();
          else {
            expect(refused).toBeInstanceOf(PermissionDeniedError);
            expect((refused as PermissionDeniedError).permission).toBe(required);
            expect((refused as Error).message).toBe(`permission ${required} is required`);
          }
        },
      ),
    );
  });

  it('lets an integrator start instances and publish triggers but not publish definitions', () => {
    const integrator = caller('integrator');
    expect(mayCall(integrator, 'baton.execution.v1.ExecutionService/StartInstance')).toBe(true);
    expect(mayCall(integrator, 'baton.execution.v1.ExecutionService/PublishTrigger')).toBe(true);
    expect(() =>
      requireRpcPermission(integrator, 'baton.definition.v1.DefinitionService/PublishDefinition'),
    ).toThrow('permission definition.publish is required');
  });
});
