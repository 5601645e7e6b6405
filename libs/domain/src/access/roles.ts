import { PERMISSIONS, type Permission } from './permissions';

/**
 * The roles a token may carry. `service` is Baton's own services calling each other (ownership
 * assigns, marks overdue and escalates through execution); it is not a role for people.
 */
export const ROLES = [
  'integrator',
  'worker',
  'team-lead',
  'process-owner',
  'admin',
  'platform-admin',
  'service',
] as const;

export type Role = (typeof ROLES)[number];

export const isRole = (value: string): value is Role => (ROLES as readonly string[]).includes(value);

const READ_DEFINITIONS: readonly Permission[] = ['definition.read'];
const WORK: readonly Permission[] = ['work.list', 'step.work', 'availability.set', 'directory.read'];

/** Everything a tenant's admin may do: all but acting across tenants. */
const TENANT_ADMIN = PERMISSIONS.filter((p) => p !== 'tenant.cross');

/**
 * Role → permissions. Some permissions are narrowed further by the resource they act on (which
 * step, whose availability, whose instance): see the rules in `step-access.ts`,
 * `instance-access.ts` and `directory-access.ts`.
 */
export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  // Systems that start processes and report on them; automated steps are theirs to run.
  integrator: [
    ...READ_DEFINITIONS,
    'instance.start',
    'trigger.publish',
    'instance.read',
    'instance.list',
    'step.work',
  ],
  worker: [...READ_DEFINITIONS, 'instance.read', ...WORK],
  'team-lead': [
    ...READ_DEFINITIONS,
    'instance.read',
    'instance.list',
    'audit.read',
    ...WORK,
    'step.assign',
    'step.reassign',
    'step.escalate',
    'analytics.read',
  ],
  'process-owner': [
    ...READ_DEFINITIONS,
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
  admin: TENANT_ADMIN,
  'platform-admin': PERMISSIONS,
  service: [
    ...READ_DEFINITIONS,
    'instance.read',
    'work.list',
    'step.assign',
    'step.mark-overdue',
    'step.escalate',
    'directory.read',
  ],
};

const granted = new Map<string, ReadonlySet<Permission>>();

/** The permissions a set of roles grants together (asked on every call, so remembered). */
export function permissionsOf(roles: readonly Role[]): ReadonlySet<Permission> {
  const key = roles.join(',');
  let permissions = granted.get(key);
  if (!permissions) {
    permissions = new Set(roles.flatMap((role) => ROLE_PERMISSIONS[role]));
    // Few distinct role lists exist; the bound only guards against callers sending odd ones.
    if (granted.size >= 256) granted.clear();
    granted.set(key, permissions);
  }
  return permissions;
}
