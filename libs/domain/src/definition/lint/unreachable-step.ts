import { reachableFromStart } from '../graph';
import { START } from '../model';
import { stepPath } from '../paths';
import { finding, type LintCheck } from './types';

/** Every step is reached from `start` through handoffs or exception paths. */
export const unreachableStep: LintCheck = (definition) => {
  const reached = reachableFromStart(definition);
  const noEntry = !definition.handoffs.some((handoff) => handoff.from.includes(START));
  return definition.steps
    .filter((step) => !reached.has(step.id))
    .map((step) =>
      finding(
        'unreachable-step',
        stepPath(step.id),
        noEntry
          ? `step '${step.id}' can never run: no handoff leaves start`
          : `step '${step.id}' can never run: no handoff or exception path from start leads to it`,
      ),
    );
};
