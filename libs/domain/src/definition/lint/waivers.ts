import type { ProcessDefinition, Waiver } from '../model';
import { isWithin, toIdPath } from '../paths';
import { LINT_RULES, isLintRuleId } from './rules';
import { finding, type LintFinding } from './types';

/**
 * Marks the findings a waiver accepts: same rule, and the finding's path is the waiver's path or
 * inside it (`steps[a]` covers `steps[a].owner`; an empty path covers the whole definition).
 * Waiver paths may name elements by id or by index. Only waivable rules are accepted. A waiver
 * that accepts nothing is itself reported (unused-waiver), so stale waivers do not pile up.
 */
export function applyWaivers(definition: ProcessDefinition, findings: readonly LintFinding[]): LintFinding[] {
  const waivers = definition.waivers.map((waiver) => ({
    waiver,
    path: toIdPath(definition, waiver.path),
    used: false,
  }));
  const marked = findings.map((found) => {
    if (!LINT_RULES[found.rule].waivable) return found;
    const match = waivers.find((w) => w.waiver.rule === found.rule && isWithin(found.path, w.path));
    if (!match) return found;
    match.used = true;
    return { ...{}, ...found, waived: match.waiver };
  });
  const unused = waivers.flatMap(({ waiver, used }, index) =>
    used ? [] : [finding('unused-waiver', `waivers[${index}]`, unusedMessage(waiver))],
  );
  return [...marked, ...unused];
}

function unusedMessage(waiver: Waiver): string {
  const where = waiver.path === '' ? 'the definition' : `'${waiver.path}'`;
  if (!isLintRuleId(waiver.rule)) return `the waiver names unknown rule '${waiver.rule}'`;
  if (!LINT_RULES[waiver.rule].waivable)
    return `findings of '${waiver.rule}' cannot be waived; remove the waiver`;
  return `the waiver of '${waiver.rule}' at ${where} accepts no finding; remove it`;
}
