import type { RegisterPerson } from '../commands';
import { conflict, DirectoryErrorCode, Violations } from '../errors';
import type { PersonRegistered } from '../events';
import type { DirectoryState } from '../state';
import { stamp } from './stamp';

export function registerPerson(command: RegisterPerson, state: DirectoryState): PersonRegistered[] {
  const { personId, name, email } = command.data;
  new Violations()
    .text('data.personId', personId)
    .text('data.name', name)
    .throwIfAny(DirectoryErrorCode.personInvalid, 'Cannot register the person');
  if (state.people.has(personId)) {
    throw conflict(DirectoryErrorCode.personAlreadyExists, `Person "${personId}" is already registered.`, {
      personId,
    });
  }
  const data = email !== undefined ? { personId, name, email } : { personId, name };
  return [{ type: 'PersonRegistered', data, ...stamp(command.metadata) }];
}
