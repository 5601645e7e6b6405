import { canReachEnd, reachableFromStart } from '../graph';
import { stepPath } from '../paths';
import { finding, type LintCheck } from './types';

/**
 * Every reachable step has a path of handoffs to `end`; exception paths do not count, since the
 * normal flow must be able to finish. (Unreachable steps are reported by unreachable-step only.)
 */
export const stepCannotReachEnd: LintCheck = (definition) => {
  const reached = reachableFromStart(definition);
  const finishing = canReachEnd(definition);
  return definition.steps
    .filter((step) => reached.has(step.id) && !finishing.has(step.id))
    .map((step) =>
      finding(
        'step-cannot-reach-end',
        stepPath(step.id),
        `no handoffs lead from step '${step.id}' to end: the instance would stall after it`,
      ),
    );
};
