import { exceptionPathsFrom, outgoingHandoffs } from '../graph';
import type { Handoff, ProcessDefinition, Step } from '../model';
import { stepPath } from '../paths';
import { finding, type LintCheck } from './types';

/**
 * Every outcome of an approval leads somewhere: a handoff that fires on it (`on: { outcome }`, or
 * any handoff not restricted to outcomes) or an exception path for rejections with that outcome.
 * Otherwise the decision strands the instance.
 */
export const approvalWithoutOutcomeRouting: LintCheck = (definition) =>
  definition.steps.flatMap((step) =>
    step.kind !== 'approval'
      ? []
      : step.outcomes
          .filter((outcome) => !isRouted(definition, step, outcome))
          .map((outcome) =>
            finding(
              'approval-without-outcome-routing',
              `${stepPath(step.id)}.outcomes`,
              `outcome '${outcome}' of approval '${step.id}' leads nowhere: add a handoff on: { outcome: ${outcome} }` +
                ` or an exception path on: rejected with outcomes: [${outcome}]`,
            ),
          ),
  );

function isRouted(definition: ProcessDefinition, step: Step, outcome: string): boolean {
  const byHandoff = outgoingHandoffs(definition, step.id).some((handoff) => firesOn(handoff, outcome));
  const byException = exceptionPathsFrom(definition, step.id).some(
    (exception) =>
      exception.on === 'rejected' &&
      (exception.outcomes.length === 0 || exception.outcomes.includes(outcome)),
  );
  return byHandoff || byException;
}

function firesOn(handoff: Handoff, outcome: string): boolean {
  return handoff.trigger?.kind !== 'outcome' || handoff.trigger.outcomes.includes(outcome);
}
