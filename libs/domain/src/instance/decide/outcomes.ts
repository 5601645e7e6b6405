import { exceptionPathsFrom, outgoingHandoffs } from '../../definition/graph';
import type { ProcessDefinition, Step } from '../../definition/model';
import { invalid, InstanceErrorCode as C } from '../errors';

/** An approval's completion names one of its outcomes; other steps have no outcomes. */
export function requireKnownOutcome(step: Step, outcome: string | undefined, required: boolean): void {
  const outcomes = step.kind === 'approval' ? step.outcomes : [];
  if (outcome === undefined) {
    if (required && step.kind === 'approval') {
      throw invalid(
        C.outcomeRequired,
        `Approval ${step.id} needs an outcome: one of ${outcomes.join(', ')}`,
        [{ field: 'outcome', description: `one of ${outcomes.join(', ')}`, reason: 'REQUIRED' }],
      );
    }
    return;
  }
  if (!outcomes.includes(outcome)) {
    const allowed = outcomes.length > 0 ? `one of ${outcomes.join(', ')}` : 'none (it is not an approval)';
    throw invalid(C.outcomeUnknown, `Step ${step.id} has no outcome "${outcome}"`, [
      { field: 'outcome', description: `must be ${allowed}`, reason: 'UNKNOWN_OUTCOME' },
    ]);
  }
}

const routedByHandoff = (definition: ProcessDefinition, stepId: string, outcome: string): boolean =>
  outgoingHandoffs(definition, stepId).some(
    (handoff) => handoff.trigger?.kind !== 'outcome' || handoff.trigger.outcomes.includes(outcome),
  );

const rejectionPathFor = (definition: ProcessDefinition, stepId: string, outcome: string) =>
  exceptionPathsFrom(definition, stepId).find(
    (path) => path.on === 'rejected' && (path.outcomes.length === 0 || path.outcomes.includes(outcome)),
  );

/**
 * An approval outcome is either handed off (CompleteStep) or a rejection handled by an exception
 * path (RejectStep, whose reason carries the comments). Sending one as the other is refused rather
 * than guessed: a completion would lose the reason, a rejection with no path would fail the instance.
 */
export function requireCompletionOutcome(
  definition: ProcessDefinition,
  step: Step,
  outcome: string | undefined,
): void {
  if (outcome === undefined || routedByHandoff(definition, step.id, outcome)) return;
  const path = rejectionPathFor(definition, step.id, outcome);
  if (path) {
    throw invalid(
      C.outcomeIsRejection,
      `Outcome "${outcome}" of step ${step.id} is a rejection (exception path ${path.id}): send RejectStep with it and a reason`,
      [{ field: 'outcome', description: 'a rejection outcome: use RejectStep', reason: 'REJECTION_OUTCOME' }],
    );
  }
}

export function requireRejectionOutcome(
  definition: ProcessDefinition,
  step: Step,
  outcome: string | undefined,
): void {
  if (outcome === undefined || rejectionPathFor(definition, step.id, outcome)) return;
  if (routedByHandoff(definition, step.id, outcome)) {
    throw invalid(
      C.outcomeNotRejection,
      `Outcome "${outcome}" of step ${step.id} is handed off, not rejected: send CompleteStep with it`,
      [
        {
          field: 'outcome',
          description: 'a completion outcome: use CompleteStep',
          reason: 'COMPLETION_OUTCOME',
        },
      ],
    );
  }
}
