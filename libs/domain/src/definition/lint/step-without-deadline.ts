import { stepPath } from '../paths';
import { finding, type LintCheck } from './types';

/** Every step except a timer (whose firing time is its deadline) has a deadline. */
export const stepWithoutDeadline: LintCheck = (definition) =>
  definition.steps
    .filter((step) => step.kind !== 'timer' && step.deadline === undefined)
    .map((step) =>
      finding(
        'step-without-deadline',
        `${stepPath(step.id)}.deadline`,
        `step '${step.id}' has no deadline: add deadline: { within: <duration> } or { relativeTo: <date field>, offset: <duration> }`,
      ),
    );
