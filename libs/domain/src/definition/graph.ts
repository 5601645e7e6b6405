import { END, START, type ExceptionPath, type Handoff, type ProcessDefinition, type Step } from './model';

/**
 * Pure navigation over a definition's graph: nodes are the steps plus the pseudo-steps `start`
 * and `end`; edges are handoffs (each `from` to each `to`) and, where asked for, the targets of
 * rework and exception-step paths. All lists keep definition order.
 */

export function stepById(definition: ProcessDefinition, stepId: string): Step | undefined {
  return definition.steps.find((step) => step.id === stepId);
}

/** Handoffs leaving a step (or `start`), including joins it is one of the `from` steps of. */
export function outgoingHandoffs(definition: ProcessDefinition, stepId: string): readonly Handoff[] {
  return definition.handoffs.filter((handoff) => handoff.from.includes(stepId));
}

/** Handoffs arriving at a step (or `end`). */
export function incomingHandoffs(definition: ProcessDefinition, stepId: string): readonly Handoff[] {
  return definition.handoffs.filter((handoff) => handoff.to.includes(stepId));
}

/** The exception paths of a step, in the order they are tried. */
export function exceptionPathsFrom(definition: ProcessDefinition, stepId: string): readonly ExceptionPath[] {
  return definition.exceptions.filter((exception) => exception.from === stepId);
}

/** The step an exception path activates, if its action activates one. */
export function exceptionTarget(exception: ExceptionPath): string | undefined {
  return exception.action === 'rework' || exception.action === 'exception-step'
    ? exception.target
    : undefined;
}

export const isJoin = (handoff: Handoff): boolean => handoff.from.length > 1;
export const isParallelSplit = (handoff: Handoff): boolean => handoff.to.length > 1;
/** Part of an exclusive choice: it has a condition or is the choice's default route. */
export const isChoice = (handoff: Handoff): boolean =>
  handoff.condition !== undefined || handoff.default === true;

export interface EdgeOptions {
  /** Also follow rework and exception-step paths (default false: handoffs only). */
  readonly exceptions?: boolean;
}

/** Steps (or `end`) directly after a node. */
export function successors(
  definition: ProcessDefinition,
  stepId: string,
  options: EdgeOptions = {},
): string[] {
  const next = outgoingHandoffs(definition, stepId).flatMap((handoff) => handoff.to);
  if (options.exceptions) {
    for (const exception of exceptionPathsFrom(definition, stepId)) {
      const target = exceptionTarget(exception);
      if (target !== undefined) next.push(target);
    }
  }
  return unique(next);
}

/** Steps (or `start`) directly before a node. */
export function predecessors(
  definition: ProcessDefinition,
  stepId: string,
  options: EdgeOptions = {},
): string[] {
  const previous = incomingHandoffs(definition, stepId).flatMap((handoff) => handoff.from);
  if (options.exceptions) {
    for (const exception of definition.exceptions) {
      if (exceptionTarget(exception) === stepId) previous.push(exception.from);
    }
  }
  return unique(previous);
}

/** Every node reachable from `roots` (the roots included), forwards or backwards. */
export function reachable(
  definition: ProcessDefinition,
  roots: readonly string[],
  options: EdgeOptions & { readonly backwards?: boolean } = {},
): Set<string> {
  const next = options.backwards ? predecessors : successors;
  const seen = new Set<string>(roots);
  const queue = [...roots];
  for (let node = queue.shift(); node !== undefined; node = queue.shift()) {
    for (const neighbour of next(definition, node, options)) {
      if (!seen.has(neighbour)) {
        seen.add(neighbour);
        queue.push(neighbour);
      }
    }
  }
  return seen;
}

/** Steps reachable from `start` (through exception paths too: an exception step is reached that way). */
export function reachableFromStart(definition: ProcessDefinition): Set<string> {
  return reachable(definition, [START], { exceptions: true });
}

/** Steps from which `end` can be reached through handoffs. */
export function canReachEnd(definition: ProcessDefinition): Set<string> {
  return reachable(definition, [END], { backwards: true });
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
