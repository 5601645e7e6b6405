import { ValidationError } from '../shared/errors';
import type { DirectoryCommand } from './commands';
import { addMember } from './decide/add-member';
import { createTeam } from './decide/create-team';
import { grantRole } from './decide/grant-role';
import { registerPerson } from './decide/register-person';
import { removeMember } from './decide/remove-member';
import { revokeRole } from './decide/revoke-role';
import { setAssignmentPolicy } from './decide/set-assignment-policy';
import { setAvailability } from './decide/set-availability';
import { setEscalationPolicy } from './decide/set-escalation-policy';
import type { DirectoryEvent } from './events';
import type { DirectoryState } from './state';

export { evolve, foldDirectory } from './evolve';
export { initialDirectoryState } from './state';

/** The directory is one stream; its only writer is the ownership service. */
export const DIRECTORY_STREAM = 'directory';

/**
 * Decides what a command changes, or throws a DomainError saying why it is refused. A command
 * whose idempotency key the directory has already seen produces no events: it is a retry of one
 * that succeeded, so it succeeds again without repeating itself (and without being refused as a
 * duplicate).
 */
export function decide(command: DirectoryCommand, state: DirectoryState): DirectoryEvent[] {
  const key = command.metadata.idempotencyKey;
  if (key !== undefined && state.processedKeys.has(key)) return [];
  switch (command.type) {
    case 'RegisterPerson':
      return registerPerson(command, state);
    case 'CreateTeam':
      return createTeam(command, state);
    case 'AddMember':
      return addMember(command, state);
    case 'RemoveMember':
      return removeMember(command, state);
    case 'GrantRole':
      return grantRole(command, state);
    case 'RevokeRole':
      return revokeRole(command, state);
    case 'SetAvailability':
      return setAvailability(command, state);
    case 'SetAssignmentPolicy':
      return setAssignmentPolicy(command, state);
    case 'SetEscalationPolicy':
      return setEscalationPolicy(command, state);
    default: {
      // Reachable only from untyped input (a wire message mapped without a known type).
      const unknown: never = command;
      throw new ValidationError(
        'COMMAND.UNKNOWN',
        `Unknown directory command "${(unknown as { type: string }).type}".`,
        [{ field: 'type', description: 'is not a directory command', reason: 'UNKNOWN_COMMAND' }],
      );
    }
  }
}
