import type { PathSegment } from './issues';
import type { SourceDefinition } from './schema';
import type { SourceStep } from './schema-steps';

export interface RawIssue {
  readonly path: readonly PathSegment[];
  readonly message: string;
}

/** What the cross-reference checks of handoffs, exceptions and waivers need to know. */
export interface ReferenceContext {
  readonly source: SourceDefinition;
  readonly steps: ReadonlyMap<string, SourceStep>;
  readonly report: (path: readonly PathSegment[], message: string) => void;
  readonly unknownStep: (stepId: string, allowed: string) => string;
}

/** Outcomes named by a handoff trigger or an exception path must be outcomes of every from step. */
export function checkOutcomes(
  context: ReferenceContext,
  from: readonly string[],
  outcomes: readonly string[],
  path: readonly PathSegment[],
): void {
  for (const stepId of from) {
    const step = context.steps.get(stepId);
    if (!step) continue;
    if (step.kind !== 'approval') {
      context.report(path, `step '${stepId}' is a ${step.kind} step: only approval steps have outcomes`);
      continue;
    }
    outcomes.forEach((outcome, k) => {
      if (!step.outcomes.includes(outcome)) {
        context.report(
          [...path, k],
          `step '${stepId}' has no outcome '${outcome}'; its outcomes are: ${step.outcomes.join(', ')}`,
        );
      }
    });
  }
}
