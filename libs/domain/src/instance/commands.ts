import type { CalendarRegistry } from '../calendar/registry/state';
import type { DefinitionVersion } from '../definition/model';
import type { DataRecord, Millis } from '../shared/data';

/**
 * Everything a command needs from outside the domain: business time, the caller's idempotency key
 * and who asked. `decide` reads no clock; `now` is the only time it knows.
 */
export interface CommandMetadata {
  readonly now: Millis;
  readonly idempotencyKey?: string;
  readonly actor?: string;
  /**
   * The tenant's calendars as known when the command is decided, for deadlines and SLAs in
   * business time (`PT4H business`); absent, those count Baton's fallback week (Monday–Friday
   * 07:00–17:00 UTC). Read where a deadline is first computed, and recorded as its instant.
   */
  readonly calendars?: CalendarRegistry;
}

interface Command<Type extends string, Data> {
  readonly type: Type;
  readonly data: Data;
  readonly metadata: CommandMetadata;
}

export type StartInstance = Command<
  'StartInstance',
  {
    readonly instanceId: string;
    readonly definition: DefinitionVersion;
    readonly businessKey: string;
    readonly data: DataRecord;
    /** The start trigger's event type when a trigger event starts the instance. */
    readonly triggerType?: string;
  }
>;

export type AssignStep = Command<
  'AssignStep',
  {
    readonly activationId: string;
    readonly personId: string;
    readonly teamId?: string;
    readonly reason: string;
  }
>;

/** Picks the step up. On an unassigned step, `personId` is a claim: it also assigns. */
export type StartStep = Command<'StartStep', { readonly activationId: string; readonly personId?: string }>;

export type CompleteStep = Command<
  'CompleteStep',
  {
    readonly activationId: string;
    /** Required for approvals: one of the step's outcomes. */
    readonly outcome?: string;
    readonly output: DataRecord;
    readonly personId?: string;
  }
>;

export type FailStep = Command<
  'FailStep',
  { readonly activationId: string; readonly reason: string; readonly errorCode?: string }
>;

export type RejectStep = Command<
  'RejectStep',
  { readonly activationId: string; readonly reason: string; readonly outcome?: string }
>;

export type ReassignStep = Command<
  'ReassignStep',
  { readonly activationId: string; readonly toPersonId: string; readonly reason: string }
>;

export type MarkStepOverdue = Command<'MarkStepOverdue', { readonly activationId: string }>;

export type EscalateStep = Command<
  'EscalateStep',
  {
    readonly activationId: string;
    /** 1-based index into the step's escalation chain. */
    readonly level: number;
    /** The person the escalation owner resolved to (ownership decides who). */
    readonly toPersonId?: string;
  }
>;

/**
 * One traversal of a handoff edge, as the scheduler names it: the handoff, the upstream activation
 * that was handed off from (absent: the instance start) and the target step.
 */
export interface HandoffClockRef {
  readonly handoffId: string;
  readonly fromActivationId?: string;
  readonly toStepId: string;
}

/** The scheduler saw a waiting handoff pass its at-risk threshold. */
export type MarkHandoffAtRisk = Command<'MarkHandoffAtRisk', HandoffClockRef>;

/** The scheduler saw a waiting handoff pass its deadline. */
export type MarkHandoffBreached = Command<'MarkHandoffBreached', HandoffClockRef>;

/** An internal system's event, matched by type and correlation key (the value, e.g. an order id). */
export type CorrelateTrigger = Command<
  'CorrelateTrigger',
  { readonly type: string; readonly correlationKey: string; readonly payload: DataRecord }
>;

export type FireTimer = Command<'FireTimer', { readonly activationId: string }>;

export type CancelInstance = Command<'CancelInstance', { readonly reason: string }>;

export type InstanceCommand =
  | StartInstance
  | AssignStep
  | StartStep
  | CompleteStep
  | FailStep
  | RejectStep
  | ReassignStep
  | MarkStepOverdue
  | EscalateStep
  | MarkHandoffAtRisk
  | MarkHandoffBreached
  | CorrelateTrigger
  | FireTimer
  | CancelInstance;

export type InstanceCommandType = InstanceCommand['type'];

/** Commands that address one step activation. */
export type StepCommand = Extract<InstanceCommand, { readonly data: { readonly activationId: string } }>;
