/**
 * The normalized process definition: what the YAML/JSON/protobuf forms all parse into, and what
 * lint, the instance decider and analytics read. Durations are milliseconds here; the source
 * formats write ISO 8601 durations (`P2D`, `PT4H`, `-P2D`).
 */

export type ProcessCategory = 'operational' | 'management' | 'support';

export type DataFieldType =
  'string' | 'number' | 'integer' | 'boolean' | 'date' | 'timestamp' | 'object' | 'list';

/** A named, typed piece of instance data (trigger requirements, data contracts, step outputs). */
export interface DataField {
  readonly name: string;
  readonly type: DataFieldType;
  readonly description?: string;
  /** Its values are redacted wherever data leaves the instance's own API (logs, traces, audit, exports). */
  readonly sensitive?: true;
}

/** Who owns a step, a handoff or a process: one person, a team, a role, or a person named in the data. */
export type OwnerSpec =
  | { readonly kind: 'person'; readonly personId: string }
  | { readonly kind: 'team'; readonly teamId: string }
  | { readonly kind: 'role'; readonly role: string }
  /** The person id is read from an instance data field (e.g. `hiringManagerId`). */
  | { readonly kind: 'data-field'; readonly field: string };

/** How a team/role owner is turned into one person when the step activates. */
export type AssignmentPolicy = 'round-robin' | 'least-loaded' | 'manual-claim' | 'direct';

/**
 * When a step is due: a duration after activation (in calendar time, or with `business` in the
 * working time of the owning team's calendar), or relative to a date/timestamp in the data.
 */
export type Deadline =
  | { readonly kind: 'within'; readonly durationMs: number; readonly business?: true }
  /** `offsetMs` may be negative: `{ before: startDate, offset: -P2D }` is two days before. */
  | { readonly kind: 'relative'; readonly field: string; readonly offsetMs: number };

export type EscalationAction = 'remind' | 'notify' | 'reassign';

/** One level of an escalation chain, fired `afterMs` after the step became overdue. */
export interface EscalationLevel {
  readonly afterMs: number;
  readonly action: EscalationAction;
  readonly to: OwnerSpec;
}

export type StepKind = 'human-task' | 'approval' | 'automated' | 'wait-for-event' | 'timer';

export interface StepBase {
  readonly id: string;
  readonly name: string;
  readonly description?: string;
  readonly owner?: OwnerSpec;
  readonly policy: AssignmentPolicy;
  readonly deadline?: Deadline;
  readonly escalations: readonly EscalationLevel[];
  /** Fields the step's completion adds to the instance data. */
  readonly outputs: readonly DataField[];
}

export type Step =
  | (StepBase & { readonly kind: 'human-task' })
  | (StepBase & { readonly kind: 'approval'; readonly outcomes: readonly string[] })
  | (StepBase & { readonly kind: 'automated'; readonly system: string; readonly operation: string })
  | (StepBase & {
      readonly kind: 'wait-for-event';
      readonly event: string;
      readonly correlationKey: string;
      readonly requires: readonly DataField[];
    })
  | (StepBase & { readonly kind: 'timer'; readonly fires: Deadline });

/** What starts an instance: an internal system's event, matched by type. */
export interface StartTrigger {
  readonly event: string;
  /** The data field whose value identifies the business object (becomes the business key). */
  readonly correlationKey: string;
  readonly requires: readonly DataField[];
}

/** Pseudo-step ids usable in handoffs: `start` (instance start) and `end` (instance completion). */
export const START = 'start';
export const END = 'end';

export type HandoffTrigger =
  | { readonly kind: 'completion' }
  | { readonly kind: 'outcome'; readonly outcomes: readonly string[] }
  /** The handoff waits for an external event correlated by a data field. */
  | { readonly kind: 'event'; readonly event: string; readonly correlationKey: string };

/**
 * A handoff's service level: each target step starts within `withinMs` of the upstream step's
 * completion (the handoff total: routing + assignment + pickup). At risk once `atRiskPercent` of
 * it has passed with the target not started; breached when the target starts (or is still not
 * started) strictly after the deadline.
 */
export interface HandoffSla {
  /** > 0. */
  readonly withinMs: number;
  /** Counted in the working time of the receiving team's calendar (`sla: PT4H business`). */
  readonly business?: true;
  /** 1–99: the share of `withinMs` after which the handoff is at risk; absent: no at-risk warning. */
  readonly atRiskPercent?: number;
}

export type Join =
  { readonly kind: 'all' } | { readonly kind: 'first' } | { readonly kind: 'n-of-m'; readonly count: number };

/**
 * A designed transition from step(s) to step(s). Several `to` = parallel split; several `from`
 * with a `join` = synchronisation. Handoffs leaving the same step with `condition`s form an
 * exclusive choice, evaluated in order; the one marked `default` is taken when none matches.
 */
export interface Handoff {
  readonly id: string;
  readonly from: readonly string[];
  readonly to: readonly string[];
  readonly trigger?: HandoffTrigger;
  /** Data contract: fields that must be present (and typed) in the instance data to hand off. */
  readonly data?: readonly DataField[];
  /** Who owns the transition (chases it when it stalls). */
  readonly owner?: OwnerSpec;
  readonly join?: Join;
  /** A CEL expression over instance data (`data.amount > 10000`); never `eval`. */
  readonly condition?: string;
  readonly default?: boolean;
  /** The handoff's SLA (never on a handoff into `end`: no step starts there). */
  readonly sla?: HandoffSla;
}

export type ExceptionCondition = 'rejected' | 'failed';

/** What happens when a step is rejected or fails. */
export type ExceptionPath = {
  readonly id: string;
  readonly from: string;
  readonly on: ExceptionCondition;
  /** Only for these outcomes of a rejection (empty = any). */
  readonly outcomes: readonly string[];
} & (
  | {
      readonly action: 'rework';
      readonly target: string;
      /** ≥ 1 in a publishable definition; 0 = no bound written (lint: rework-without-bound). */
      readonly maxIterations: number;
    }
  | {
      readonly action: 'exception-step';
      readonly target: string;
      /** Bound when the exception step leads back into the flow (a loop); absent: not a loop. */
      readonly maxIterations?: number;
    }
  | { readonly action: 'cancel' }
  | { readonly action: 'fail' }
);

/** An explicit, recorded acceptance of a lint warning. */
export interface Waiver {
  readonly rule: string;
  readonly path: string;
  readonly reason: string;
  readonly approvedBy: string;
}

export interface ProcessDefinition {
  readonly id: string;
  readonly name: string;
  readonly description?: string;
  readonly category: ProcessCategory;
  readonly owner?: OwnerSpec;
  readonly triggers: readonly StartTrigger[];
  /** Instance data fields known at start (beyond trigger requirements). */
  readonly data: readonly DataField[];
  readonly steps: readonly Step[];
  readonly handoffs: readonly Handoff[];
  readonly exceptions: readonly ExceptionPath[];
  readonly waivers: readonly Waiver[];
  readonly labels: Readonly<Record<string, string>>;
}

/** A published, immutable version of a definition. */
export interface DefinitionVersion {
  readonly definition: ProcessDefinition;
  readonly version: number;
  /**
   * Lower-case hex SHA-256 of the version's canonical form, as the definition service published
   * it: recorded on InstanceStarted, so an instance's hash chain also pins what it ran.
   */
  readonly contentSha256?: string;
}
