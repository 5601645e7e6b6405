/** How serious a finding is: errors block publishing (unless waivable and waived), the rest never do. */
export type Severity = 'error' | 'warning' | 'info';

export interface LintRule {
  readonly severity: Severity;
  /** Whether a waiver in the definition may accept the finding (it stays visible, marked `waived`). */
  readonly waivable: boolean;
  readonly summary: string;
}

/**
 * The lint rules. Ids are stable: waivers, dashboards and integrators refer to them. Structural
 * errors (the process cannot run as designed) are not waivable; the two accountability errors
 * (owner, deadline) are, because DOMAIN.md allows an explicit, visible exception.
 */
export const LINT_RULES = {
  'step-without-owner': { severity: 'error', waivable: true, summary: 'every step has a named owner' },
  'step-without-deadline': { severity: 'error', waivable: true, summary: 'every step has a deadline (SLA)' },
  'handoff-without-trigger': {
    severity: 'warning',
    waivable: true,
    summary: 'every handoff says what fires it',
  },
  'handoff-without-data-contract': {
    severity: 'warning',
    waivable: true,
    summary: 'every handoff says what data transfers',
  },
  'handoff-without-owner': {
    severity: 'warning',
    waivable: true,
    summary: 'every handoff has a transition owner',
  },
  'handoff-sla-unmeetable': {
    severity: 'error',
    waivable: false,
    summary: 'a handoff SLA can be met, and its at-risk threshold comes before its deadline',
  },
  'process-without-owner': {
    severity: 'warning',
    waivable: true,
    summary: 'the process has an accountable owner',
  },
  'unreachable-step': { severity: 'error', waivable: false, summary: 'every step can be reached from start' },
  'step-cannot-reach-end': { severity: 'error', waivable: false, summary: 'every step can lead to end' },
  'join-without-split': {
    severity: 'error',
    waivable: false,
    summary: 'a join waits only for branches of one parallel split',
  },
  'rework-without-bound': {
    severity: 'error',
    waivable: false,
    summary: 'every loop has an iteration bound',
  },
  'approval-without-outcome-routing': {
    severity: 'error',
    waivable: false,
    summary: 'every outcome of an approval leads somewhere',
  },
  'exclusive-choice-without-default': {
    severity: 'warning',
    waivable: true,
    summary: 'conditional routes have a default route',
  },
  'data-not-provided': {
    severity: 'error',
    waivable: false,
    summary: 'every required field is provided on every path to where it is required',
  },
  'single-person-dependency': {
    severity: 'warning',
    waivable: true,
    summary: 'no step can be performed by only one person',
  },
  'sensitive-field-exposed': {
    severity: 'warning',
    waivable: true,
    summary: 'no sensitive field is a correlation key or names an owner',
  },
  'unused-waiver': { severity: 'warning', waivable: false, summary: 'every waiver accepts a finding' },
} as const satisfies Record<string, LintRule>;

export type LintRuleId = keyof typeof LINT_RULES;

export const LINT_RULE_IDS = Object.keys(LINT_RULES) as LintRuleId[];

export function isLintRuleId(rule: string): rule is LintRuleId {
  return Object.prototype.hasOwnProperty.call(LINT_RULES, rule);
}
