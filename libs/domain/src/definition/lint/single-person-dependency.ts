import type { Step } from '../model';
import { stepPath } from '../paths';
import { finding, type DirectorySnapshotLike, type LintCheck, type LintFinding } from './types';

/**
 * A step that only one person can perform stops when that person is away. A step owned by a named
 * person always is one; a team or role owner is checked against the directory, when one is given.
 * A dataField owner names a different person per instance and is not flagged.
 */
export const singlePersonDependency: LintCheck = (definition, { directory }) =>
  definition.steps.flatMap((step) => check(step, directory));

function check(step: Step, directory: DirectorySnapshotLike | undefined): LintFinding[] {
  const owner = step.owner;
  const path = `${stepPath(step.id)}.owner`;
  if (owner?.kind === 'person') {
    return [
      finding(
        'single-person-dependency',
        path,
        `only ${owner.personId} can perform step '${step.id}': own it by a team or role`,
      ),
    ];
  }
  if (!directory || (owner?.kind !== 'team' && owner?.kind !== 'role')) return [];
  const people = new Set(
    owner.kind === 'team' ? directory.membersOfTeam(owner.teamId) : directory.holdersOfRole(owner.role),
  );
  const who = owner.kind === 'team' ? `team ${owner.teamId}` : `role ${owner.role}`;
  if (people.size >= 2) return [];
  return [
    finding(
      'single-person-dependency',
      path,
      people.size === 0
        ? `nobody in the directory is in ${who}, which owns step '${step.id}'`
        : `only ${[...people].join(', ')} (${who}) can perform step '${step.id}': add a second person`,
    ),
  ];
}
