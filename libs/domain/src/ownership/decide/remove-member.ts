import type { RemoveMember } from '../commands';
import { DirectoryErrorCode, notFound, requireTeam } from '../errors';
import type { MemberRemoved } from '../events';
import type { DirectoryState } from '../state';
import { stamp } from './stamp';

export function removeMember(command: RemoveMember, state: DirectoryState): MemberRemoved[] {
  const { teamId, personId } = command.data;
  const team = requireTeam(state, teamId);
  if (!team.members.has(personId)) {
    throw notFound(DirectoryErrorCode.memberNotInTeam, `"${personId}" is not a member of "${teamId}".`, {
      teamId,
      personId,
    });
  }
  return [{ type: 'MemberRemoved', data: { teamId, personId }, ...stamp(command.metadata) }];
}
