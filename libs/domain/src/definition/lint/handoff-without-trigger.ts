import { START } from '../model';
import { handoffPath } from '../paths';
import { finding, type LintCheck } from './types';

/**
 * A handoff says what fires it. Without `on:` it fires on completion at run time, but that is a
 * default, not a design; handoffs from `start` fire when the instance starts and are exempt.
 */
export const handoffWithoutTrigger: LintCheck = (definition) =>
  definition.handoffs
    .filter((handoff) => handoff.trigger === undefined && !handoff.from.includes(START))
    .map((handoff) =>
      finding(
        'handoff-without-trigger',
        `${handoffPath(handoff.id)}.on`,
        `handoff '${handoff.id}' has no designed trigger: write on: completed, on: { outcome: <outcome> } or on: { event: <type>, correlationKey: <field> }`,
      ),
    );
