/**
 * What a caller may do, one name per kind of action. A token carries roles; each role grants a
 * set of permissions (see `roles.ts`); each gRPC method requires one (see `rpc-permissions.ts`).
 * The names are a contract: PERMISSION_DENIED reports them and docs/security.md lists them.
 */
export const PERMISSIONS = [
  'definition.read',
  'definition.publish',
  'definition.deprecate',
  'instance.start',
  'instance.read',
  'instance.list',
  'instance.cancel',
  'trigger.publish',
  'audit.read',
  'work.list',
  'step.work',
  'step.assign',
  'step.reassign',
  'step.mark-overdue',
  'step.escalate',
  'directory.read',
  'directory.manage',
  'availability.set',
  'analytics.read',
  'analytics.import',
  /** Sees the values of sensitive data fields where others see `[redacted]` (audit trails). */
  'data.sensitive.read',
  /** Lists and reads across tenants (a platform admin's; tenancy is scoped by issue 9 part 3). */
  'tenant.cross',
] as const;

export type Permission = (typeof PERMISSIONS)[number];

export const isPermission = (value: string): value is Permission =>
  (PERMISSIONS as readonly string[]).includes(value);
