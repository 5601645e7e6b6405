import type { GrantRole } from '../commands';
import { conflict, DirectoryErrorCode, requirePerson, Violations } from '../errors';
import type { RoleGranted } from '../events';
import type { DirectoryState } from '../state';
import { stamp } from './stamp';

export function grantRole(command: GrantRole, state: DirectoryState): RoleGranted[] {
  const { personId, role } = command.data;
  new Violations()
    .text('data.role', role)
    .throwIfAny(DirectoryErrorCode.roleInvalid, 'Cannot grant the role');
  const person = requirePerson(state, personId);
  if (person.roles.has(role)) {
    throw conflict(DirectoryErrorCode.roleAlreadyGranted, `"${personId}" already holds role "${role}".`, {
      personId,
      role,
    });
  }
  return [{ type: 'RoleGranted', data: { personId, role }, ...stamp(command.metadata) }];
}
