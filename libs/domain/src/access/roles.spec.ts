import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PERMISSIONS, type Permission } from './permissions';
import { permissionsOf, ROLE_PERMISSIONS, ROLES, type Role } from './roles';
import { RPC_PERMISSIONS } from './rpc-permissions';

/**
 * The role × permission table as documented in docs/security.md: a change to either must be
 * made to both (the last test compares them).
 */
const EXPECTED: Readonly<Record<Role, readonly Permission[]>> = {
  integrator: [
    'definition.read',
    'instance.start',
    'trigger.publish',
    'instance.read',
    'instance.list',
    'step.work',
  ],
  worker: [
    'definition.read',
    'instance.read',
    'work.list',
    'step.work',
    'availability.set',
    'directory.read',
  ],
  'team-lead': [
    'definition.read',
    'instance.read',
    'instance.list',
    'audit.read',
    'work.list',
    'step.work',
    'availability.set',
    'directory.read',
    'step.assign',
    'step.reassign',
    'step.escalate',
    'analytics.read',
  ],
  'process-owner': [
    'definition.read',
    'definition.publish',
    'definition.deprecate',
    'instance.read',
    'instance.list',
    'instance.cancel',
    'audit.read',
    'directory.read',
    'analytics.read',
    'analytics.import',
  ],
  admin: PERMISSIONS.filter((p) => p !== 'tenant.cross'),
  'platform-admin': PERMISSIONS,
  service: [
    'definition.read',
    'instance.read',
    'work.list',
    'step.assign',
    'step.mark-overdue',
    'step.escalate',
    'directory.read',
  ],
};

const roleLists = fc.array(fc.constantFrom(...ROLES), { maxLength: 5 });

describe('Roles and permissions', () => {
  it.each(ROLES)('grants %s exactly the documented permissions', (role) => {
    expect([...ROLE_PERMISSIONS[role]].sort()).toEqual([...EXPECTED[role]].sort());
  });

  it('gives only the platform admin the cross-tenant permission', () => {
    for (const role of ROLES) {
      expect(ROLE_PERMISSIONS[role].includes('tenant.cross')).toBe(role === 'platform-admin');
    }
  });

  it('grants the union of the roles held, and adding a role never takes a permission away', () => {
    fc.assert(
      fc.property(roleLists, fc.constantFrom(...ROLES), (roles, extra) => {
        const held = permissionsOf(roles);
        for (const p of PERMISSIONS) {
          expect(held.has(p)).toBe(roles.some((r) => ROLE_PERMISSIONS[r].includes(p)));
          if (held.has(p)) expect(permissionsOf([...roles, extra]).has(p)).toBe(true);
        }
      }),
    );
  });

  it('grants nothing without a role', () => {
    expect(permissionsOf([]).size).toBe(0);
  });

  it('leaves no permission unused by every role but the admins', () => {
    const granted = new Set(
      ROLES.filter((r) => r !== 'admin' && r !== 'platform-admin').flatMap((r) => ROLE_PERMISSIONS[r]),
    );
    expect(PERMISSIONS.filter((p) => !granted.has(p))).toEqual([
      'directory.manage',
      'data.sensitive.read',
      'tenant.cross',
    ]);
  });
});

describe('docs/security.md', () => {
  const doc = readFileSync(join(__dirname, '../../../../docs/security.md'), 'utf8');
  const table = doc.slice(
    doc.indexOf('<!-- role-permissions:start -->'),
    doc.indexOf('<!-- role-permissions:end -->'),
  );
  const rows = table
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .map((line) =>
      line
        .split('|')
        .slice(1, -1)
        .map((cell) => cell.trim()),
    );
  const header = table
    .split('\n')
    .find((line) => line.startsWith('| permission'))
    ?.split('|')
    .slice(1, -1)
    .map((cell) => cell.trim());

  it('documents every permission, and each role’s grants, as the code has them', () => {
    expect(header?.slice(1, -1)).toEqual([...ROLES]);
    expect(rows.map((r) => (r[0] as string).replace(/`/g, ''))).toEqual([...PERMISSIONS]);
    for (const row of rows) {
      const permission = (row[0] as string).replace(/`/g, '') as Permission;
      ROLES.forEach((role, i) => {
        expect([permission, role, row[i + 1] === '✓']).toEqual([
          permission,
          role,
          ROLE_PERMISSIONS[role].includes(permission),
        ]);
      });
    }
  });

  it('lists each permission’s RPCs as the RPC table has them', () => {
    for (const row of rows) {
      const permission = (row[0] as string).replace(/`/g, '');
      const rpcs = Object.entries(RPC_PERMISSIONS)
        .filter(([, p]) => p === permission)
        .map(([rpc]) => rpc.split('/')[1]);
      if (rpcs.length > 0) expect([permission, row.at(-1)]).toEqual([permission, rpcs.join(', ')]);
    }
  });
});
