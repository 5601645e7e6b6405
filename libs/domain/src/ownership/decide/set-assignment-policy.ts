import type { SetAssignmentPolicy } from '../commands';
import { ValidationError } from '../../shared/errors';
import { DirectoryErrorCode, requireTeam } from '../errors';
import type { AssignmentPolicySet, TeamAssignmentPolicy } from '../events';
import type { DirectoryState } from '../state';
import { stamp } from './stamp';

const teamPolicies: readonly string[] = [
  'round-robin',
  'least-loaded',
  'manual-claim',
] satisfies TeamAssignmentPolicy[];

function isTeamPolicy(policy: string): policy is TeamAssignmentPolicy {
  return teamPolicies.includes(policy);
}

export function setAssignmentPolicy(
  command: SetAssignmentPolicy,
  state: DirectoryState,
): AssignmentPolicySet[] {
  const { teamId, policy } = command.data;
  requireTeam(state, teamId);
  if (!isTeamPolicy(policy)) {
    // `direct` names one person and cannot spread a team's work; anything else is not a policy.
    throw new ValidationError(
      DirectoryErrorCode.policyInvalid,
      `Cannot set "${policy}" as the policy of team "${teamId}": allowed are ${teamPolicies.join(', ')}.`,
      [
        {
          field: 'data.policy',
          description: `must be one of ${teamPolicies.join(', ')}`,
          reason: 'NOT_A_TEAM_POLICY',
        },
      ],
    );
  }
  return [{ type: 'AssignmentPolicySet', data: { teamId, policy }, ...stamp(command.metadata) }];
}
