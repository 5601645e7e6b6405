import { checkCondition } from './condition';
import { derivedHandoffId } from './ids';
import type { PathSegment } from './issues';
import { END, START } from './model';
import type { SourceDefinition } from './schema';
import type { SourceHandoff } from './schema-handoffs';
import type { SourceStep } from './schema-steps';
import { checkOutcomes, type RawIssue, type ReferenceContext } from './references-context';
import { checkExceptions } from './references-exceptions';
import { checkWaivers } from './references-waivers';

/**
 * Structural checks on a shape-valid source: ids are unique, every reference names something
 * that exists, outcomes belong to their step, conditions are valid CEL. Returns issues with
 * index paths into the source.
 */
export function checkReferences(source: SourceDefinition): RawIssue[] {
  const issues: RawIssue[] = [];
  const report = (path: readonly PathSegment[], message: string) => issues.push({ path, message });
  const steps = new Map<string, SourceStep>();
  source.steps.forEach((step, index) => {
    if (step.id === START || step.id === END) {
      report(
        ['steps', index, 'id'],
        `'${step.id}' is reserved for the instance ${step.id === START ? 'start' : 'completion'}`,
      );
    } else if (steps.has(step.id)) {
      report(
        ['steps', index, 'id'],
        `step id '${step.id}' is already used by steps[${indexOfStep(source, step.id)}]`,
      );
    } else {
      steps.set(step.id, step);
    }
    if (step.escalate?.length && !step.deadline) {
      report(
        ['steps', index, 'escalate'],
        'escalations fire when the deadline passes: give the step a deadline',
      );
    }
  });
  const names = [...steps.keys()].join(', ');
  const context: ReferenceContext = {
    source,
    steps,
    report,
    unknownStep: (stepId, allowed) => `unknown step '${stepId}'; steps are: ${names}${allowed}`,
  };
  if (source.trigger && source.triggers) {
    report(['triggers'], 'write either trigger (one) or triggers (a list), not both');
  }
  checkHandoffs(context);
  checkExceptions(context);
  checkWaivers(context);
  return issues;
}

function indexOfStep(source: SourceDefinition, stepId: string): number {
  return source.steps.findIndex((step) => step.id === stepId);
}

function checkHandoffs(context: ReferenceContext): void {
  const { source, report } = context;
  const ids = new Map<string, number>();
  const defaults = new Map<string, number>();
  (source.handoffs ?? []).forEach((handoff, index) => {
    const at = (...rest: PathSegment[]) => ['handoffs', index, ...rest];
    checkEnds(context, handoff, at);
    const handoffId = handoff.id ?? derivedHandoffId(handoff.from, handoff.to);
    const previous = ids.get(handoffId);
    if (previous !== undefined) {
      report(
        handoff.id ? at('id') : at(),
        `handoff id '${handoffId}' is already used by handoffs[${previous}]; give one of them an explicit id`,
      );
    } else ids.set(handoffId, index);
    if (handoff.on?.kind === 'outcome')
      checkOutcomes(context, handoff.from, handoff.on.outcomes, at('on', 'outcome'));
    if (handoff.when !== undefined) {
      const check = checkCondition(handoff.when);
      if (!check.ok) report(at('when'), `invalid CEL condition: ${check.error}`);
      if (handoff.default)
        report(at('default'), 'a default route has no condition: it fires when no other route holds');
    }
    if (handoff.default) {
      const key = handoff.from.join('+');
      const other = defaults.get(key);
      if (other !== undefined)
        report(at('default'), `'${key}' already has a default route (handoffs[${other}])`);
      else defaults.set(key, index);
    }
    checkJoin(context, handoff, at);
    if (handoff.sla && handoff.to.includes(END)) {
      report(
        at('sla'),
        "a handoff into 'end' has no step to start, so it has no SLA: put it on the handoffs into the last steps",
      );
    }
  });
}

function checkEnds(
  context: ReferenceContext,
  handoff: SourceHandoff,
  at: (...rest: PathSegment[]) => PathSegment[],
) {
  const { steps, report, unknownStep } = context;
  handoff.from.forEach((stepId, j) => {
    if (stepId === END)
      report(at('from', j), "'end' is where the instance completes; it hands off to nothing");
    else if (stepId === START && handoff.from.length > 1) {
      report(at('from', j), "'start' cannot be joined with steps; hand off from start on its own");
    } else if (stepId !== START && !steps.has(stepId))
      report(at('from', j), unknownStep(stepId, ' (or start)'));
    if (handoff.from.indexOf(stepId) !== j) report(at('from', j), `'${stepId}' is listed twice`);
  });
  handoff.to.forEach((stepId, j) => {
    if (stepId === START) report(at('to', j), "'start' is the instance start; nothing hands off to it");
    else if (stepId === END && handoff.to.length > 1) {
      report(at('to', j), "'end' completes the instance; it cannot run in parallel with steps");
    } else if (stepId !== END && !steps.has(stepId)) report(at('to', j), unknownStep(stepId, ' (or end)'));
    if (handoff.to.indexOf(stepId) !== j) report(at('to', j), `'${stepId}' is listed twice`);
  });
  if (handoff.from.includes(START) && handoff.on !== undefined) {
    report(at('on'), 'a handoff from start fires when the instance starts; remove on');
  }
}

function checkJoin(
  context: ReferenceContext,
  handoff: SourceHandoff,
  at: (...rest: PathSegment[]) => PathSegment[],
) {
  if (!handoff.join) return;
  if (handoff.from.length < 2) {
    context.report(at('join'), 'join applies only to a handoff with several from steps');
  } else if (handoff.join.kind === 'n-of-m' && handoff.join.count > handoff.from.length) {
    context.report(
      at('join', 'count'),
      `count must be between 1 and ${handoff.from.length} (the number of from steps), got ${handoff.join.count}`,
    );
  }
}
