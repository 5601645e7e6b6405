import type { ProcessDefinition, Step } from '@baton/domain';

/** What a person does with a started step. */
export type Move =
  | { readonly kind: 'complete'; readonly outcome: string }
  | { readonly kind: 'reject'; readonly outcome: string; readonly reason: string }
  | { readonly kind: 'fail'; readonly reason: string };

/**
 * Chooses how to finish a started step, as a plausible person would: mostly complete it (with the
 * outcome that moves the process forward), sometimes send it back when the definition has a
 * bounded rework or exception path for that, and only while the bound is not reached.
 */
export function chooseMove(
  definition: ProcessDefinition,
  step: Step,
  attempt: number,
  random: () => number,
  reworkRate: number,
): Move {
  const forward = forwardOutcome(definition, step);
  const loops = definition.exceptions.filter(
    (e) =>
      e.from === step.id &&
      (e.action === 'rework' || e.action === 'exception-step') &&
      attempt <= (e.maxIterations ?? 1) - 1,
  );
  const loop = loops[0];
  if (loop && random() < reworkRate) {
    if (loop.on === 'failed') return { kind: 'fail', reason: `${step.name}: mismatch found by the demo` };
    const outcome =
      loop.outcomes[0] ?? (step.kind === 'approval' ? (step.outcomes.find((o) => o !== forward) ?? '') : '');
    return { kind: 'reject', outcome, reason: 'needs another pass (baton demo)' };
  }
  return { kind: 'complete', outcome: forward };
}

/** The outcome whose handoff leads on, for approval steps; empty for other steps. */
export function forwardOutcome(definition: ProcessDefinition, step: Step): string {
  if (step.kind !== 'approval') return '';
  for (const h of definition.handoffs) {
    if (h.from.includes(step.id) && h.trigger?.kind === 'outcome' && h.trigger.outcomes[0])
      return h.trigger.outcomes[0];
  }
  return step.outcomes[0] ?? '';
}
