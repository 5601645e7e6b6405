export type * from './events';
export type * from './commands';
export type { AbsenceWindow, DirectoryState, Person, Team } from './state';
export { DIRECTORY_STREAM, decide, evolve, foldDirectory, initialDirectoryState } from './directory';
export { DirectoryErrorCode } from './errors';
export { snapshotOf, type DirectorySnapshot, type MembershipView } from './snapshot';
export {
  resolveAssignee,
  type AssigneeResolution,
  type ResolveAssigneeInput,
  type UnresolvedCode,
} from './resolve-owner';
export {
  dueEscalations,
  escalationChainFor,
  escalationTargets,
  isOverdue,
  nextEscalationAt,
  type DueEscalation,
  type EscalationContext,
  type EscalationTarget,
} from './escalation';
export {
  performersOf,
  singlePersonDependencies,
  type AvailabilityCheck,
  type DependencyReason,
  type OwnedStep,
  type SinglePersonDependency,
} from './single-person-dependency';
