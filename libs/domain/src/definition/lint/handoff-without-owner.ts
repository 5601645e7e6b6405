import { END } from '../model';
import { handoffPath } from '../paths';
import { finding, type LintCheck } from './types';

/** A handoff to a step has an owner who chases it when it stalls; handoffs into `end` are exempt. */
export const handoffWithoutOwner: LintCheck = (definition) =>
  definition.handoffs
    .filter((handoff) => handoff.owner === undefined && !handoff.to.includes(END))
    .map((handoff) =>
      finding(
        'handoff-without-owner',
        `${handoffPath(handoff.id)}.owner`,
        `handoff '${handoff.id}' has no owner: name who is accountable for the transition (owner: { role: ... })`,
      ),
    );
