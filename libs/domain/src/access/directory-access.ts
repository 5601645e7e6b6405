import { actsOnAnyResource, type Caller } from './caller';
import { PermissionDeniedError } from './errors';

/** People set their own availability; admins anyone's. */
export function requireAvailabilityChange(caller: Caller, personId: string): void {
  if (actsOnAnyResource(caller) || personId === caller.subject) return;
  throw new PermissionDeniedError('availability.set', 'people set their own availability only');
}
