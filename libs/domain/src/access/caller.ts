import type { Role } from './roles';

/**
 * Who asks, as far as the rules care: the authenticated subject (a person id for people, a
 * client id for systems), its roles, and the teams it belongs to (a team lead leads the teams
 * listed). Taken from a verified token, never from a request field.
 */
export interface Caller {
  readonly subject: string;
  readonly roles: readonly Role[];
  readonly teams: readonly string[];
}

/** Admins act on every resource of their tenant (platform admins on every tenant's). */
export const actsOnAnyResource = (caller: Caller): boolean =>
  caller.roles.includes('admin') || caller.roles.includes('platform-admin');
