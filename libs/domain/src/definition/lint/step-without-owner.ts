import { stepPath } from '../paths';
import { finding, type LintCheck } from './types';

/** Every step except a timer has a named owner: the person, team, role or data field accountable for it. */
export const stepWithoutOwner: LintCheck = (definition) =>
  definition.steps
    .filter((step) => step.kind !== 'timer' && step.owner === undefined)
    .map((step) =>
      finding(
        'step-without-owner',
        `${stepPath(step.id)}.owner`,
        `step '${step.id}' has no owner: name a person, team, role or dataField accountable for it`,
      ),
    );
