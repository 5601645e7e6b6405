import type { OwnerSpec } from '../definition/model';
import { actsOnAnyResource, type Caller } from './caller';
import { PermissionDeniedError } from './errors';
import { ROLE_PERMISSIONS } from './roles';

/** What the rules need of a definition: its process owner (the latest version's `owner`). */
export interface OwnedProcess {
  readonly owner?: OwnerSpec;
}

type ProcessPermission = 'definition.publish' | 'definition.deprecate' | 'analytics.read';

/**
 * Whether the process owner field names the caller: the person it is (the token's subject) or a
 * team it belongs to (the token's teams). A role- or data-owned definition, or one with no owner, is
 * no one's in particular: only roles that act on every process manage it.
 */
export function ownsProcess(caller: Caller, definition: OwnedProcess): boolean {
  const owner = definition.owner;
  if (owner?.kind === 'person') return owner.personId === caller.subject;
  if (owner?.kind === 'team') return caller.teams.includes(owner.teamId);
  return false;
}

/**
 * Whether one of the caller's roles grants `permission` on every process of its tenant: admins,
 * and any role but process-owner that holds it (team leads read every process's analytics).
 */
export const onAllProcesses = (caller: Caller, permission: ProcessPermission): boolean =>
  actsOnAnyResource(caller) ||
  caller.roles.some((role) => role !== 'process-owner' && ROLE_PERMISSIONS[role].includes(permission));

/**
 * Process owners publish versions of their own processes, and a new process only as its owner:
 * `published` is the latest version already published (undefined for a new id), `next` the
 * version being published. The next version must name them too, so a process owner cannot hand
 * a process to someone else (an admin can).
 */
export function requireDefinitionPublish(
  caller: Caller,
  published: OwnedProcess | undefined,
  next: OwnedProcess,
): void {
  if (onAllProcesses(caller, 'definition.publish')) return;
  if (published !== undefined && !ownsProcess(caller, published)) {
    throw new PermissionDeniedError(
      'definition.publish',
      'process owners publish new versions of their own processes only',
    );
  }
  if (!ownsProcess(caller, next)) {
    throw new PermissionDeniedError(
      'definition.publish',
      'a process owner publishes a process whose owner is them or one of their teams',
    );
  }
}

/** Process owners deprecate versions of their own processes only. */
export function requireDefinitionDeprecate(caller: Caller, published: OwnedProcess): void {
  if (onAllProcesses(caller, 'definition.deprecate') || ownsProcess(caller, published)) return;
  throw new PermissionDeniedError(
    'definition.deprecate',
    'process owners deprecate their own processes only',
  );
}

/** Process owners read the analytics of their own processes; a query naming another's is refused. */
export function requireProcessAnalytics(caller: Caller, definition: OwnedProcess): void {
  if (onAllProcesses(caller, 'analytics.read') || ownsProcess(caller, definition)) return;
  throw new PermissionDeniedError(
    'analytics.read',
    'process owners read the analytics of their own processes only',
  );
}

/**
 * Which processes' analytics a list may show the caller: every process for the roles that read
 * them all (`undefined`), else the test a process must pass (the caller owns it).
 */
export function processAnalyticsScope(caller: Caller): ((definition: OwnedProcess) => boolean) | undefined {
  return onAllProcesses(caller, 'analytics.read')
    ? undefined
    : (definition) => ownsProcess(caller, definition);
}
