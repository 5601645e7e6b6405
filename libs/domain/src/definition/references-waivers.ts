import { derivedExceptionId, derivedHandoffId } from './ids';
import { splitPath } from './issues';
import { LINT_RULES, LINT_RULE_IDS, isLintRuleId } from './lint/rules';
import type { ReferenceContext } from './references-context';

const WAIVABLE_ERRORS = LINT_RULE_IDS.filter(
  (rule) => LINT_RULES[rule].severity === 'error' && LINT_RULES[rule].waivable,
);

/**
 * Waivers name a known, waivable rule and an element that exists. Paths may use ids
 * (`steps[provision-it]`, `handoffs[start->triage]`) or indexes (`handoffs[3]`).
 */
export function checkWaivers(context: ReferenceContext): void {
  const { source, report } = context;
  const collections: Record<string, readonly string[]> = {
    steps: source.steps.map((step) => step.id),
    handoffs: (source.handoffs ?? []).map((h) => h.id ?? derivedHandoffId(h.from, h.to)),
    exceptions: (source.exceptions ?? []).map(
      (e) => e.id ?? derivedExceptionId(e.from, e.on, e.outcomes ?? []),
    ),
  };
  (source.waivers ?? []).forEach((waiver, index) => {
    if (!isLintRuleId(waiver.rule)) {
      report(
        ['waivers', index, 'rule'],
        `unknown rule '${waiver.rule}'; rules are: ${LINT_RULE_IDS.join(', ')}`,
      );
    } else if (!LINT_RULES[waiver.rule].waivable) {
      report(
        ['waivers', index, 'rule'],
        `findings of '${waiver.rule}' cannot be waived: the process could not run as designed` +
          ` (waivable errors: ${WAIVABLE_ERRORS.join(', ')}; warnings except unused-waiver)`,
      );
    }
    const [collection, key] = splitPath(waiver.path);
    const ids = collection === undefined ? undefined : collections[collection];
    if (ids === undefined || key === undefined) return;
    const found = typeof key === 'number' ? key < ids.length : ids.includes(key);
    if (!found) {
      report(
        ['waivers', index, 'path'],
        `'${waiver.path}' names no element: ${collection} are ${ids.join(', ') || 'none'}`,
      );
    }
  });
}
