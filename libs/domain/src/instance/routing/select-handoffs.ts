import { evaluateCondition } from '../../definition/condition';
import { isChoice, outgoingHandoffs } from '../../definition/graph';
import type { Handoff, HandoffTrigger, ProcessDefinition } from '../../definition/model';
import type { DataRecord } from '../../shared/data';
import { invalid, InstanceErrorCode as C } from '../errors';

function triggerMatches(trigger: HandoffTrigger | undefined, outcome: string | undefined): boolean {
  if (trigger?.kind === 'outcome') return outcome !== undefined && trigger.outcomes.includes(outcome);
  // A completion trigger fires on any completion; an event trigger is routed now and waits for its event.
  return true;
}

/**
 * Which outgoing handoffs a completion takes: every handoff whose trigger matches and that has no
 * condition (several = a parallel split), plus, among those with a condition or the `default` mark,
 * the first whose condition holds, else the default (an exclusive choice). A completion that takes
 * no handoff although the step has some is refused: it would strand the instance.
 */
export function selectHandoffs(
  definition: ProcessDefinition,
  stepId: string,
  outcome: string | undefined,
  data: DataRecord,
): Handoff[] {
  const outgoing = outgoingHandoffs(definition, stepId);
  const triggered = outgoing.filter((handoff) => triggerMatches(handoff.trigger, outcome));
  const chosen = chooseExclusive(triggered.filter(isChoice), data);
  const taken = triggered.filter((handoff) => !isChoice(handoff) || handoff === chosen);
  if (taken.length === 0 && outgoing.length > 0) {
    const because = outcome !== undefined ? ` for outcome "${outcome}"` : '';
    throw invalid(
      C.noRoute,
      `No handoff of step ${stepId} applies${because}: no trigger matched and no condition or default chose one`,
    );
  }
  return taken;
}

function chooseExclusive(candidates: readonly Handoff[], data: DataRecord): Handoff | undefined {
  for (const handoff of candidates) {
    if (handoff.condition === undefined) continue;
    const result = evaluateCondition(handoff.condition, data);
    if (!result.ok) {
      throw invalid(C.conditionFailed, `The condition of handoff ${handoff.id} cannot be evaluated`, [
        { field: `handoffs.${handoff.id}.condition`, description: result.error, reason: 'CONDITION_ERROR' },
      ]);
    }
    if (result.value) return handoff;
  }
  return candidates.find((handoff) => handoff.default === true);
}
