import type { SetAvailability } from '../commands';
import { DirectoryErrorCode, requirePerson, Violations } from '../errors';
import type { AvailabilityChanged } from '../events';
import type { DirectoryState } from '../state';
import { stamp } from './stamp';

export function setAvailability(command: SetAvailability, state: DirectoryState): AvailabilityChanged[] {
  const change = command.data;
  const from = change.from ?? command.metadata.now;
  const until = change.status === 'unavailable' ? change.until : undefined;
  new Violations()
    .time('data.from', from)
    .time('data.until', until)
    .check(
      until === undefined || until > from,
      'data.until',
      'must be after data.from (an absence is [from, until))',
      'INVALID_WINDOW',
    )
    .throwIfAny(DirectoryErrorCode.availabilityInvalid, 'Cannot change availability');
  requirePerson(state, change.personId);
  const data =
    change.status === 'available'
      ? { personId: change.personId, status: 'available' as const, from }
      : {
          personId: change.personId,
          status: 'unavailable' as const,
          from,
          ...(until !== undefined ? { until } : {}),
          ...(change.reason !== undefined ? { reason: change.reason } : {}),
        };
  return [{ type: 'AvailabilityChanged', data, ...stamp(command.metadata) }];
}
