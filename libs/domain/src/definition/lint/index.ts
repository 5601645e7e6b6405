import type { ProcessDefinition } from '../model';
import { approvalWithoutOutcomeRouting } from './approval-without-outcome-routing';
import { dataNotProvided } from './data-not-provided';
import { exclusiveChoiceWithoutDefault } from './exclusive-choice-without-default';
import { handoffSlaUnmeetable } from './handoff-sla-unmeetable';
import { handoffWithoutDataContract } from './handoff-without-data-contract';
import { handoffWithoutOwner } from './handoff-without-owner';
import { handoffWithoutTrigger } from './handoff-without-trigger';
import { joinWithoutSplit } from './join-without-split';
import { processWithoutOwner } from './process-without-owner';
import { reworkWithoutBound } from './rework-without-bound';
import { singlePersonDependency } from './single-person-dependency';
import { sensitiveFieldExposed } from './sensitive-field-exposed';
import { stepCannotReachEnd } from './step-cannot-reach-end';
import { stepWithoutDeadline } from './step-without-deadline';
import { stepWithoutOwner } from './step-without-owner';
import type { LintCheck, LintFinding, LintOptions } from './types';
import { unreachableStep } from './unreachable-step';
import { applyWaivers } from './waivers';

export { LINT_RULES, LINT_RULE_IDS, type LintRule, type LintRuleId, type Severity } from './rules';
export type { DirectorySnapshotLike, LintFinding, LintOptions } from './types';

const CHECKS: readonly LintCheck[] = [
  stepWithoutOwner,
  stepWithoutDeadline,
  handoffWithoutTrigger,
  handoffWithoutDataContract,
  handoffWithoutOwner,
  handoffSlaUnmeetable,
  processWithoutOwner,
  unreachableStep,
  stepCannotReachEnd,
  joinWithoutSplit,
  reworkWithoutBound,
  approvalWithoutOutcomeRouting,
  exclusiveChoiceWithoutDefault,
  dataNotProvided,
  singlePersonDependency,
  sensitiveFieldExposed,
];

/**
 * Checks a parsed definition against the best-practice rules (README.md lists them). Waived
 * findings are returned too, marked `waived`, so waivers stay visible. Pure: the directory is a
 * snapshot passed in.
 */
export function lintDefinition(definition: ProcessDefinition, options: LintOptions = {}): LintFinding[] {
  return applyWaivers(
    definition,
    CHECKS.flatMap((check) => check(definition, options)),
  );
}

export interface PublishCheck {
  readonly ok: boolean;
  /** The unwaived errors that refuse publication. */
  readonly blocking: readonly LintFinding[];
}

/**
 * Publishing is refused while an unwaived error remains. Warnings and infos never block: they are
 * recorded with the version so everyone sees them. Only step-without-owner and
 * step-without-deadline errors can be waived, by an explicit waiver that stays visible.
 */
export function canPublish(findings: readonly LintFinding[]): PublishCheck {
  const blocking = findings.filter((found) => found.severity === 'error' && found.waived === undefined);
  return { ok: blocking.length === 0, blocking };
}
