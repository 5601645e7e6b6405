import { stepById } from '../graph';
import { formatDuration } from '../duration';
import { END, type Handoff, type HandoffSla } from '../model';
import { handoffPath } from '../paths';
import { finding, type LintCheck, type LintFinding } from './types';

/**
 * A handoff SLA the design can meet and warn about. A timer step starts when it fires, so a
 * handoff into a timer that fires later than the SLA always misses it. The parser already refuses
 * an at-risk threshold at or past the deadline and an SLA into `end`; definitions built in code
 * are checked for them here too. An SLA shorter than the target step's own deadline is fine: the
 * handoff ends when the step starts, the step's deadline when it completes.
 */
export const handoffSlaUnmeetable: LintCheck = (definition) =>
  definition.handoffs.flatMap((handoff): LintFinding[] => {
    const { sla } = handoff;
    if (!sla) return [];
    const at = `${handoffPath(handoff.id)}.sla`;
    const problems = shapeProblems(handoff, sla);
    for (const stepId of handoff.to) {
      const step = stepById(definition, stepId);
      // Business and calendar durations are not comparable: only the same clock is checked.
      const sameClock =
        step?.kind === 'timer' && step.fires.kind === 'within' && !step.fires.business === !sla.business;
      if (
        step?.kind === 'timer' &&
        step.fires.kind === 'within' &&
        sameClock &&
        step.fires.durationMs > sla.withinMs
      ) {
        problems.push(
          `timer step '${stepId}' starts when it fires, ${formatDuration(step.fires.durationMs)} after it is activated: ` +
            `handoff '${handoff.id}' always misses its SLA of ${formatDuration(sla.withinMs)}; ` +
            'put the SLA on the handoff out of the timer, or make it longer than the timer',
        );
      }
    }
    return problems.map((message) => finding('handoff-sla-unmeetable', at, message));
  });

function shapeProblems(handoff: Handoff, sla: HandoffSla): string[] {
  const problems: string[] = [];
  if (!(sla.withinMs > 0))
    problems.push(`handoff '${handoff.id}' has an SLA of no time: give it a positive duration`);
  const percent = sla.atRiskPercent;
  if (percent !== undefined && !(Number.isInteger(percent) && percent >= 1 && percent < 100)) {
    problems.push(
      `handoff '${handoff.id}' is at risk at ${percent}% of its SLA: the threshold is a whole percentage from 1% to 99%, before the deadline`,
    );
  }
  if (handoff.to.includes(END)) {
    problems.push(`handoff '${handoff.id}' goes into 'end', where no step starts: it cannot have an SLA`);
  }
  return problems;
}
