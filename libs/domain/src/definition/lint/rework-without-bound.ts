import { reachable } from '../graph';
import type { ProcessDefinition } from '../model';
import { exceptionPath, handoffPath } from '../paths';
import { finding, type LintCheck, type LintFinding } from './types';

/**
 * Every loop has a bound. A rework path needs `maxIterations`; an exception step that leads back
 * to the step it came from needs one too; and a loop made of handoffs alone has no bound at all,
 * so it must be redesigned as a rework path.
 */
export const reworkWithoutBound: LintCheck = (definition) => [
  ...unboundedPaths(definition),
  ...handoffLoops(definition),
];

function unboundedPaths(definition: ProcessDefinition): LintFinding[] {
  return definition.exceptions.flatMap((exception) => {
    if (exception.action === 'rework' && !(exception.maxIterations >= 1)) {
      return [
        finding(
          'rework-without-bound',
          `${exceptionPath(exception.id)}.maxIterations`,
          `rework '${exception.id}' back to '${exception.target}' has no bound: add maxIterations (the instance fails once exceeded)`,
        ),
      ];
    }
    if (
      exception.action === 'exception-step' &&
      exception.maxIterations === undefined &&
      reachable(definition, [exception.target]).has(exception.from)
    ) {
      return [
        finding(
          'rework-without-bound',
          `${exceptionPath(exception.id)}.maxIterations`,
          `exception step '${exception.target}' leads back to '${exception.from}', a loop with no bound: add maxIterations`,
        ),
      ];
    }
    return [];
  });
}

/** One finding per loop of handoffs (a strongly connected set of steps), at its first handoff. */
function handoffLoops(definition: ProcessDefinition): LintFinding[] {
  const reported = new Set<string>();
  const findings: LintFinding[] = [];
  for (const handoff of definition.handoffs) {
    for (const from of handoff.from) {
      for (const to of handoff.to) {
        if (reported.has(from) || !reachable(definition, [to]).has(from)) continue;
        const loop = definition.steps
          .map((step) => step.id)
          .filter((id) => reachable(definition, [from]).has(id) && reachable(definition, [id]).has(from));
        loop.forEach((id) => reported.add(id));
        findings.push(
          finding(
            'rework-without-bound',
            handoffPath(handoff.id),
            `steps ${loop.join(', ')} form a loop of handoffs with no bound: route the way back through an exception path (action: rework, maxIterations: n)`,
          ),
        );
      }
    }
  }
  return findings;
}
