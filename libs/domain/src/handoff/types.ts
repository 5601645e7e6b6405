import type { Millis } from '../shared/data';

/** Looks up the team owning a step when the events do not say (e.g. from the definition). */
export type TeamOfStep = (stepId: string) => string | undefined;

export interface InstanceTimingOptions {
  readonly teamOfStep?: TeamOfStep;
}

interface HandoffBase {
  readonly handoffId: string;
  /** `start` (the instance start) or the upstream step. */
  readonly fromStepId: string;
  /** Absent for `start`. */
  readonly fromActivationId?: string;
  readonly fromTeamId?: string;
  readonly toStepId: string;
  readonly toActivationId: string;
  readonly toTeamId?: string;
  /** Both teams known and different. An unknown team never counts as a crossing. */
  readonly crossTeam: boolean;
  /**
   * The arrival that released the activation: the latest `completedAt` among its incoming edges
   * (on a tie, the one listed last, i.e. recorded last). The only edge of a non-join is critical.
   */
  readonly critical: boolean;
  /** A completed (or failed, for rework edges; the instance start for `start`): the span start. */
  readonly completedAt: Millis;
  readonly activatedAt: Millis;
  /** B's first StepAssigned before it started; absent when it started without one. */
  readonly assignedAt?: Millis;
  /** routing = B activated − A completed */
  readonly routingMs: number;
  /** The handoff's SLA as the source recorded it (`HandoffSource.slaWithinMs`); absent without one. */
  readonly slaWithinMs?: number;
}

/** B has started: every part is known, and routing + assignment + pickup = total exactly. */
export interface ClosedHandoff extends HandoffBase {
  readonly open: false;
  /** The span end. */
  readonly startedAt: Millis;
  /** B was started (claimed) with no StepAssigned before it: assignment is 0 and pickup runs from activation. */
  readonly startedWithoutAssignment: boolean;
  /** B ended with no StepStarted (e.g. a wait or automated step): its end counts as its start. */
  readonly startInferred: boolean;
  /** B first assigned − B activated (0 when started without assignment) */
  readonly assignmentMs: number;
  /** B started − B first assigned (B started − B activated when started without assignment) */
  readonly pickupMs: number;
  /** B started − A completed */
  readonly totalMs: number;
  /** B started strictly after A completed + SLA (`handoffSlaMissed`); absent without an SLA. */
  readonly slaMissed?: boolean;
}

/** B has not started: only the parts that have happened are known. */
export interface OpenHandoff extends HandoffBase {
  readonly open: true;
  /** Present once B is assigned. */
  readonly assignmentMs?: number;
  /** Set when B was cancelled before it started: this handoff will never close. */
  readonly cancelledAt?: Millis;
}

export type HandoffTiming = ClosedHandoff | OpenHandoff;

export type ActivationStatus = 'activated' | 'assigned' | 'started' | 'completed' | 'failed' | 'cancelled';

export interface ActivationTiming {
  readonly activationId: string;
  readonly stepId: string;
  readonly attempt: number;
  /** See `teamOfActivation`. */
  readonly teamId?: string;
  readonly status: ActivationStatus;
  readonly activatedAt: Millis;
  /** The first StepAssigned before the start; later ones and StepReassigned do not move it. */
  readonly assignedAt?: Millis;
  readonly assigneeId?: string;
  readonly startedAt?: Millis;
  readonly startInferred: boolean;
  /** Completed, failed or cancelled. */
  readonly endedAt?: Millis;
  readonly dueAt?: Millis;
  /** activated → first assigned; 0 when started without an assignment; absent while nobody has it. */
  readonly waitedForOwnerMs?: number;
  /** activated → started (= the incoming handoffs' assignment + pickup). */
  readonly pickupMs?: number;
  /** started → completed or failed; absent while running and for cancelled activations. */
  readonly workMs?: number;
  /** A StepOverdue was recorded, or it ended after `dueAt`. */
  readonly overdue: boolean;
  /** Completed strictly after `dueAt` (completing at `dueAt` meets the SLA). */
  readonly slaBreached: boolean;
  readonly reassignments: number;
  /** Highest StepEscalated level; 0 when never escalated. */
  readonly escalationLevel: number;
}

export type InstanceStatus = 'running' | 'completed' | 'cancelled' | 'failed';

export interface EndToEndTiming {
  readonly status: InstanceStatus;
  /** Absent when the events do not include InstanceStarted (a partial import). */
  readonly startedAt?: Millis;
  readonly endedAt?: Millis;
  /** instance started → completed, cancelled or failed */
  readonly durationMs?: number;
}

export interface InstanceTimings {
  readonly instanceId?: string;
  readonly handoffs: readonly HandoffTiming[];
  readonly activations: readonly ActivationTiming[];
  readonly endToEnd: EndToEndTiming;
}
