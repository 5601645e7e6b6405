import { START } from '../model';
import { handoffPath } from '../paths';
import { finding, type LintCheck, type LintFinding } from './types';

/**
 * Conditional routes leaving a step (or `start`) form an exclusive choice; without a route marked
 * `default: true`, data that matches no condition leaves the instance with nowhere to go.
 */
export const exclusiveChoiceWithoutDefault: LintCheck = (definition) => {
  const findings: LintFinding[] = [];
  for (const node of [START, ...definition.steps.map((step) => step.id)]) {
    const leaving = definition.handoffs.filter((handoff) => handoff.from.includes(node));
    const first = leaving.find((handoff) => handoff.condition !== undefined);
    if (first && !leaving.some((handoff) => handoff.default === true)) {
      findings.push(
        finding(
          'exclusive-choice-without-default',
          handoffPath(first.id),
          `the conditional routes from '${node}' have no default: mark one handoff default: true for data no condition matches`,
        ),
      );
    }
  }
  return findings;
};
