import type { DataRecord, Millis } from '../shared/data';
import type { EscalationAction, EscalationLevel, OwnerSpec } from '../definition/model';
import { resolveAssignee, type AssigneeResolution } from './resolve-owner';
import type { DirectorySnapshot } from './snapshot';

/**
 * Whether a deadline has been reached: the scheduler fires at `dueAt` itself, and at that instant
 * an unfinished step is overdue. (A step *completed* exactly at `dueAt` still met its SLA: breach
 * is strictly after, see handoff `slaBreached`.) No deadline, never overdue.
 */
export function isOverdue(dueAt: Millis | undefined, now: Millis): boolean {
  return dueAt !== undefined && now >= dueAt;
}

/**
 * The chain that applies to a step: its own (from the definition) when it has one, else the
 * escalation policy of the team the step belongs to (owner team, else the assignee's team).
 */
export function escalationChainFor(
  stepChain: readonly EscalationLevel[],
  teamId: string | undefined,
  snapshot: Pick<DirectorySnapshot, 'escalationChainOf'>,
): readonly EscalationLevel[] {
  if (stepChain.length > 0 || teamId === undefined) return stepChain;
  return snapshot.escalationChainOf(teamId);
}

export interface DueEscalation {
  /** 1-based position in the chain, as in StepEscalated.level. */
  readonly level: number;
  readonly action: EscalationAction;
  readonly to: OwnerSpec;
  /** overdueAt + afterMs */
  readonly dueAt: Millis;
}

/**
 * Levels to fire now, after `alreadyEscalatedLevel` (0 = none yet). Levels fire in chain order:
 * the first level not yet due stops the list even if a later one (in a chain with decreasing
 * delays) is, because firing it would record a higher level and skip the earlier one for good.
 * Several levels come back at once when the scheduler ran late; each says when it was due.
 */
export function dueEscalations(
  chain: readonly EscalationLevel[],
  overdueAt: Millis,
  now: Millis,
  alreadyEscalatedLevel = 0,
): DueEscalation[] {
  const due: DueEscalation[] = [];
  if (now < overdueAt) return due; // not overdue yet: nothing escalates, whatever the delays say
  for (let i = firstPending(alreadyEscalatedLevel); i < chain.length; i++) {
    const level = chain[i] as EscalationLevel;
    const dueAt = overdueAt + level.afterMs;
    if (now < dueAt) break;
    due.push({ level: i + 1, action: level.action, to: level.to, dueAt });
  }
  return due;
}

/** When the next level falls due (for the scheduler's due-time index); undefined when none is left. */
export function nextEscalationAt(
  chain: readonly EscalationLevel[],
  overdueAt: Millis,
  alreadyEscalatedLevel = 0,
): Millis | undefined {
  const next = chain[firstPending(alreadyEscalatedLevel)];
  return next === undefined ? undefined : overdueAt + next.afterMs;
}

/** Index of the first level not yet fired; levels are whole numbers, anything else counts as none fired. */
function firstPending(alreadyEscalatedLevel: number): number {
  return Number.isSafeInteger(alreadyEscalatedLevel) && alreadyEscalatedLevel > 0 ? alreadyEscalatedLevel : 0;
}

export interface EscalationTarget extends DueEscalation {
  readonly target: AssigneeResolution;
}

export interface EscalationContext {
  readonly data: DataRecord;
  readonly now: Millis;
  readonly snapshot: DirectorySnapshot;
  readonly workload: (personId: string) => number;
}

/**
 * Who each due level goes to, resolved like an assignment at `now` (unavailable people are
 * skipped). No policy is passed, so a team target uses its own assignment policy and a role
 * target is offered to its holders (see `resolveAssignee`).
 */
export function escalationTargets(
  due: readonly DueEscalation[],
  context: EscalationContext,
): EscalationTarget[] {
  return due.map((level) => ({
    ...{},
    ...level,
    target: resolveAssignee({
      owner: level.to,
      data: context.data,
      at: context.now,
      snapshot: context.snapshot,
      workload: context.workload,
    }),
  }));
}
