import type { ProcessDefinition, Waiver } from '../model';
import { LINT_RULES, type LintRuleId, type Severity } from './rules';

export interface LintFinding {
  readonly rule: LintRuleId;
  readonly severity: Severity;
  /** What is wrong and what to write instead. */
  readonly message: string;
  /** Id-form path of the element: `steps[provision-it].owner`, `handoffs[start->triage].data`. */
  readonly path: string;
  /** The waiver that accepts this finding; a waived finding never blocks publishing. */
  readonly waived?: Waiver;
}

/**
 * Who can perform work, as far as lint needs to know. The ownership context's directory
 * implements it; a test passes a literal.
 */
export interface DirectorySnapshotLike {
  /** Person ids of the team's members (empty for an unknown team). */
  membersOfTeam(teamId: string): readonly string[];
  /** Person ids of the people holding the role (empty for an unknown role). */
  holdersOfRole(role: string): readonly string[];
}

export interface LintOptions {
  /** Enables the team/role half of `single-person-dependency`. */
  readonly directory?: DirectorySnapshotLike;
}

export type LintCheck = (definition: ProcessDefinition, options: LintOptions) => LintFinding[];

export function finding(rule: LintRuleId, path: string, message: string): LintFinding {
  return { rule, severity: LINT_RULES[rule].severity, message, path };
}
