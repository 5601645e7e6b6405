export * from './model';
export { checkCondition, evaluateCondition, type ConditionCheck, type ConditionResult } from './condition';
export { parseDuration, formatDuration, type DurationParse } from './duration';
export type { DefinitionIssue } from './issues';
export { parseDefinitionJson, parseDefinitionYaml, type DefinitionParseResult } from './parse';
export type { SourcePosition } from './yaml-locate';
export { definitionToSource, serializeDefinitionYaml } from './serialize';
export {
  NO_REDACTION,
  REDACT_ALL,
  REDACTED,
  redactData,
  redactEventData,
  redactionOf,
  redactText,
  sensitiveFields,
  type Redaction,
} from './redaction';
export {
  canReachEnd,
  exceptionPathsFrom,
  exceptionTarget,
  incomingHandoffs,
  isChoice,
  isJoin,
  isParallelSplit,
  outgoingHandoffs,
  predecessors,
  reachable,
  reachableFromStart,
  stepById,
  successors,
  type EdgeOptions,
} from './graph';
export {
  canPublish,
  lintDefinition,
  LINT_RULES,
  LINT_RULE_IDS,
  type DirectorySnapshotLike,
  type LintFinding,
  type LintOptions,
  type LintRule,
  type LintRuleId,
  type PublishCheck,
  type Severity,
} from './lint';
