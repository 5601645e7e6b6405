import type { AddMember } from '../commands';
import { conflict, DirectoryErrorCode, requirePerson, requireTeam } from '../errors';
import type { MemberAdded } from '../events';
import type { DirectoryState } from '../state';
import { stamp } from './stamp';

export function addMember(command: AddMember, state: DirectoryState): MemberAdded[] {
  const { teamId, personId } = command.data;
  const team = requireTeam(state, teamId);
  requirePerson(state, personId);
  if (team.members.has(personId)) {
    throw conflict(
      DirectoryErrorCode.memberAlreadyInTeam,
      `"${personId}" is already a member of "${teamId}".`,
      {
        teamId,
        personId,
      },
    );
  }
  return [{ type: 'MemberAdded', data: { teamId, personId }, ...stamp(command.metadata) }];
}
