import type { Millis } from '@baton/domain';

/** Looks up a team or an SLA by id (e.g. from the published definition); undefined = none known. */
export type Lookup<T> = (id: string) => T | undefined;

export interface ObserveOptions {
  /** The team owning a step when its events do not say (see `teamOfStepIn`). */
  readonly teamOfStep?: Lookup<string>;
  /**
   * The SLA of a handoff, by handoff id, in ms from A completed to B started, for sources that
   * did not record one (`HandoffSource.slaWithinMs`, recorded by execution since it was added):
   * what a source recorded wins. Without either, no breach is recorded for that handoff.
   */
  readonly handoffSlaMs?: Lookup<number>;
  /**
   * Build only these observations (by activation id): the handoffs into `handoffsInto`, the steps
   * of `stepsOf`. For a caller that observes an instance again at every step (execution's
   * telemetry); the rest of the result is as without it.
   */
  readonly only?: {
    readonly handoffsInto?: ReadonlySet<string>;
    readonly stepsOf?: ReadonlySet<string>;
  };
}

/** Which instance (and definition version) an observation belongs to. */
export interface CaseRef {
  readonly instanceId: string;
  readonly definitionId: string;
  readonly definitionVersion: number;
}

/**
 * One closed handoff edge A→B: B has started (or ended without a StepStarted, which then counts
 * as its start). A join yields one per incoming source, each measured from that source's
 * completion; the four instants A completed ≤ B activated ≤ B assigned ≤ B started give
 * routingMs + assignmentMs + pickupMs = totalMs exactly.
 */
export interface HandoffObservation extends CaseRef {
  readonly handoffId: string;
  /** `start` for the edge from the instance start. */
  readonly fromStepId: string;
  readonly fromActivationId?: string;
  readonly fromTeamId?: string;
  readonly toStepId: string;
  readonly toActivationId: string;
  readonly toTeamId?: string;
  readonly crossTeam: boolean;
  /** B had more than one incoming source (a join). */
  readonly join: boolean;
  /** This source was the last to arrive, i.e. the one that released B. Always true without a join. */
  readonly critical: boolean;
  /** A failed into B (an exception path) or B is a repeated attempt (a loop). */
  readonly rework: boolean;
  readonly completedAt: Millis;
  readonly activatedAt: Millis;
  /** The last (re)assignment before B started; absent when B started without one. */
  readonly assignedAt?: Millis;
  readonly startedAt: Millis;
  readonly routingMs: number;
  readonly assignmentMs: number;
  readonly pickupMs: number;
  readonly totalMs: number;
  /** Who B was assigned to when it started (the last assignment used). */
  readonly assigneeId?: string;
  /** Who did A and who did B (see `StepObservation.performerId`): the handover of work between people. */
  readonly fromPersonId?: string;
  readonly toPersonId?: string;
  /** Ownership changes of B after its first assignment (StepAssigned, StepReassigned, reassigning escalations). */
  readonly reassignments: number;
  /**
   * The work goes back to the team it came from just before: a handoff X→A (team X to A's team Y)
   * was followed by this one, A→B, into team X again (X ≠ Y, both known). Work bouncing.
   */
  readonly bounce: boolean;
  /** The handoff's SLA (as its source recorded it, else `ObserveOptions.handoffSlaMs`). */
  readonly slaMs?: number;
  /** totalMs > slaMs (B started strictly after the deadline); absent when the handoff has no SLA. */
  readonly slaBreached?: boolean;
}

/** One step activation that ended (completed or failed). Running and cancelled ones are not observed. */
export interface StepObservation extends CaseRef {
  readonly stepId: string;
  readonly activationId: string;
  readonly attempt: number;
  readonly teamId?: string;
  readonly status: 'completed' | 'failed';
  /** For a failed activation: failed (by a system or person) or rejected (by a reviewer). */
  readonly failure?: 'failed' | 'rejected';
  readonly activatedAt: Millis;
  readonly startedAt: Millis;
  readonly endedAt: Millis;
  /** activated → started */
  readonly pickupMs: number;
  /** activated → the last (re)assignment before the start; 0 when it started without one. */
  readonly assignmentMs: number;
  /** that assignment → started (the assignee's reaction); assignmentMs + assignedPickupMs = pickupMs. */
  readonly assignedPickupMs: number;
  /** started → ended */
  readonly workMs: number;
  /** activated → ended (= pickup + work): the step's own cycle time. */
  readonly elapsedMs: number;
  readonly assigneeId?: string;
  /** Who did the work: who completed it, else its owner when it ended, else who started it. */
  readonly performerId?: string;
  readonly reassignments: number;
  readonly dueAt?: Millis;
  /** When StepOverdue was recorded. */
  readonly overdueAt?: Millis;
  /** A StepOverdue was recorded, or it ended after dueAt. */
  readonly overdue: boolean;
  /** Completed strictly after dueAt. */
  readonly slaBreached: boolean;
  /** ended − dueAt when positive, else 0 (and 0 without a deadline). */
  readonly lateMs: number;
  /** Highest StepEscalated level, 0 when never escalated. */
  readonly escalationLevel: number;
  readonly escalations: number;
}

export interface CaseObservation extends CaseRef {
  readonly status: 'running' | 'completed' | 'cancelled' | 'failed';
  readonly startedAt: Millis;
  readonly endedAt?: Millis;
  /** started → completed, cancelled or failed (end-to-end cycle time when completed). */
  readonly durationMs?: number;
}

export interface InstanceObservations {
  readonly case: CaseObservation;
  readonly handoffs: readonly HandoffObservation[];
  readonly steps: readonly StepObservation[];
}
