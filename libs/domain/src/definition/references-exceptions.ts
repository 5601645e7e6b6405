import { derivedExceptionId } from './ids';
import type { PathSegment } from './issues';
import { END, START } from './model';
import { checkOutcomes, type ReferenceContext } from './references-context';

const TARGETED = ['rework', 'exception-step'];
const BOUNDED = ['rework', 'exception-step'];

/** Exception paths: their step and target exist, the action's fields fit, outcomes belong to the step. */
export function checkExceptions(context: ReferenceContext): void {
  const { source, steps, report, unknownStep } = context;
  const ids = new Map<string, number>();
  (source.exceptions ?? []).forEach((exception, index) => {
    const at = (...rest: PathSegment[]) => ['exceptions', index, ...rest];
    const exceptionId =
      exception.id ?? derivedExceptionId(exception.from, exception.on, exception.outcomes ?? []);
    const previous = ids.get(exceptionId);
    if (previous !== undefined) {
      report(
        exception.id ? at('id') : at(),
        `exception path id '${exceptionId}' is already used by exceptions[${previous}]; give one of them an explicit id`,
      );
    } else ids.set(exceptionId, index);
    if (!steps.has(exception.from)) report(at('from'), unknownStep(exception.from, ''));
    if (TARGETED.includes(exception.action)) {
      if (exception.to === undefined) {
        report(at('to'), `action ${exception.action} needs to: <step> (the step activated)`);
      } else if (exception.to === START || exception.to === END || !steps.has(exception.to)) {
        report(at('to'), unknownStep(exception.to, ''));
      }
    } else if (exception.to !== undefined) {
      report(at('to'), `action ${exception.action} activates no step; remove to`);
    }
    if (exception.maxIterations !== undefined && !BOUNDED.includes(exception.action)) {
      report(
        at('maxIterations'),
        `maxIterations applies to rework and exception-step, not ${exception.action}`,
      );
    }
    if (exception.outcomes) {
      if (exception.on === 'failed') {
        report(at('outcomes'), 'outcomes apply to rejections (on: rejected); a failure has no outcome');
      } else checkOutcomes(context, [exception.from], exception.outcomes, at('outcomes'));
    }
  });
}
