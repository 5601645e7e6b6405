import { END } from '../model';
import { handoffPath } from '../paths';
import { finding, type LintCheck } from './types';

/**
 * A handoff to a step says what data transfers (`data: []` is a designed "nothing"). Handoffs
 * into `end` hand nothing to anyone and are exempt.
 */
export const handoffWithoutDataContract: LintCheck = (definition) =>
  definition.handoffs
    .filter((handoff) => handoff.data === undefined && !handoff.to.includes(END))
    .map((handoff) =>
      finding(
        'handoff-without-data-contract',
        `${handoffPath(handoff.id)}.data`,
        `handoff '${handoff.id}' has no data contract: list the fields the next step needs (data: [...]), or data: [] if none`,
      ),
    );
