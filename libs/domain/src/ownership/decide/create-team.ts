import type { CreateTeam } from '../commands';
import { conflict, DirectoryErrorCode, Violations } from '../errors';
import type { TeamCreated } from '../events';
import type { DirectoryState } from '../state';
import { stamp } from './stamp';

export function createTeam(command: CreateTeam, state: DirectoryState): TeamCreated[] {
  const { teamId, name } = command.data;
  new Violations()
    .text('data.teamId', teamId)
    .text('data.name', name)
    .throwIfAny(DirectoryErrorCode.teamInvalid, 'Cannot create the team');
  if (state.teams.has(teamId)) {
    throw conflict(DirectoryErrorCode.teamAlreadyExists, `Team "${teamId}" already exists.`, { teamId });
  }
  return [{ type: 'TeamCreated', data: { teamId, name }, ...stamp(command.metadata) }];
}
