import type { RevokeRole } from '../commands';
import { DirectoryErrorCode, notFound, requirePerson } from '../errors';
import type { RoleRevoked } from '../events';
import type { DirectoryState } from '../state';
import { stamp } from './stamp';

export function revokeRole(command: RevokeRole, state: DirectoryState): RoleRevoked[] {
  const { personId, role } = command.data;
  const person = requirePerson(state, personId);
  if (!person.roles.has(role)) {
    throw notFound(DirectoryErrorCode.roleNotGranted, `"${personId}" does not hold role "${role}".`, {
      personId,
      role,
    });
  }
  return [{ type: 'RoleRevoked', data: { personId, role }, ...stamp(command.metadata) }];
}
