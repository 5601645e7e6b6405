import type { CallContext } from '@baton/grpc-server';
import type { DirectoryChange } from '../directory/directory.repository';

/**
 * Any directory command (RegisterPerson, CreateTeam, AddMember, …): they all take the same path
 * (load the directory, decide, append with the expected version), so one command carries them.
 */
export class ChangeDirectory {
  constructor(
    readonly change: DirectoryChange,
    readonly context: CallContext,
    readonly idempotencyKey?: string,
    readonly expectedVersion?: number,
  ) {}
}
