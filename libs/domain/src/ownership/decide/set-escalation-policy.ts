import type { EscalationLevel } from '../../definition/model';
import type { SetEscalationPolicy } from '../commands';
import { DirectoryErrorCode, requirePerson, requireTeam, Violations } from '../errors';
import type { EscalationPolicySet } from '../events';
import type { DirectoryState } from '../state';
import { stamp } from './stamp';

const actions: readonly string[] = ['remind', 'notify', 'reassign'];

export function setEscalationPolicy(
  command: SetEscalationPolicy,
  state: DirectoryState,
): EscalationPolicySet[] {
  const { teamId, chain } = command.data;
  requireTeam(state, teamId);
  checkChain(chain);
  // Targets that can be checked now must exist; role and data-field targets resolve at escalation time.
  chain.forEach((level, i) => {
    if (level.to.kind === 'person') requirePerson(state, level.to.personId, `data.chain[${i}].to.personId`);
    if (level.to.kind === 'team') requireTeam(state, level.to.teamId, `data.chain[${i}].to.teamId`);
  });
  return [{ type: 'EscalationPolicySet', data: { teamId, chain }, ...stamp(command.metadata) }];
}

/** Levels fire in order, so their delays must not decrease (see `dueEscalations`). */
function checkChain(chain: readonly EscalationLevel[]): void {
  const violations = new Violations();
  chain.forEach((level, i) => {
    const previous = i > 0 ? chain[i - 1] : undefined;
    violations
      .check(
        Number.isSafeInteger(level.afterMs) && level.afterMs >= 0,
        `data.chain[${i}].afterMs`,
        'must be a whole number of milliseconds ≥ 0',
        'INVALID_DELAY',
      )
      .check(
        previous === undefined || level.afterMs >= previous.afterMs,
        `data.chain[${i}].afterMs`,
        'must not be less than the previous level (levels fire in order)',
        'OUT_OF_ORDER',
      )
      .check(
        actions.includes(level.action),
        `data.chain[${i}].action`,
        `must be one of ${actions.join(', ')}`,
        'INVALID_ACTION',
      );
  });
  violations.throwIfAny(DirectoryErrorCode.escalationInvalid, 'Cannot set the escalation policy');
}
