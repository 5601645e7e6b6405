import type { DataRecord, Millis } from '../shared/data';
import type { AssignmentPolicy, EscalationAction, OwnerSpec, StepKind } from '../definition/model';
import type { HandoffAtRisk, HandoffBreached } from './handoff-alert-events';

/**
 * A domain event: a fact in the past tense. `at` is business time (the envelope's `occurredAt`);
 * `idempotencyKey` is the key of the command that caused it (envelope metadata), so a replayed
 * stream still knows which commands it has seen.
 */
export interface DomainEvent<Type extends string, Data> {
  readonly type: Type;
  readonly data: Data;
  readonly at: Millis;
  readonly idempotencyKey?: string;
}

/**
 * Where an activation was handed off from: the completed activation (or the instance start,
 * `stepId: 'start'` with no activation) and the handoff edge. A join records one per arrival.
 */
export interface HandoffSource {
  readonly handoffId: string;
  readonly fromStepId: string;
  readonly fromActivationId?: string;
  /** When the upstream activation completed (start: when the instance started). */
  readonly completedAt: Millis;
  /**
   * The handoff's SLA (`sla.withinMs` of the definition version) when it has one, so the stream
   * alone says whether this traversal met it. Absent without one, on exception paths, and in
   * events recorded before it was kept: those count as having no SLA.
   */
  readonly slaWithinMs?: Millis;
  /** `slaWithinMs` is working time of the receiving step's owner (a `PT4H business` SLA). */
  readonly slaBusiness?: true;
}

interface StepRef {
  readonly instanceId: string;
  /** Unique within the instance: `<stepId>#<attempt>`, so a reworked step gets a new activation. */
  readonly activationId: string;
  readonly stepId: string;
}

export type InstanceStarted = DomainEvent<
  'InstanceStarted',
  {
    readonly instanceId: string;
    readonly definitionId: string;
    readonly definitionVersion: number;
    readonly businessKey: string;
    readonly data: DataRecord;
    /** Set when a trigger event started the instance. */
    readonly triggerType?: string;
    /** The definition version's checksum (`contentSha256`), when the starter knew it. */
    readonly definitionSha256?: string;
  }
>;

export type StepActivated = DomainEvent<
  'StepActivated',
  StepRef & {
    readonly stepKind: StepKind;
    readonly handedOffFrom: readonly HandoffSource[];
    /** Absent when the step has no deadline. */
    readonly dueAt?: Millis;
    readonly owner?: OwnerSpec;
    readonly policy: AssignmentPolicy;
    /** 1 for the first activation of a step, +1 per rework loop. */
    readonly attempt: number;
  }
>;

export type StepAssigned = DomainEvent<
  'StepAssigned',
  StepRef & { readonly personId: string; readonly teamId?: string; readonly reason: string }
>;

export type StepStarted = DomainEvent<'StepStarted', StepRef & { readonly personId?: string }>;

export type StepCompleted = DomainEvent<
  'StepCompleted',
  StepRef & {
    readonly outcome?: string;
    readonly output: DataRecord;
    readonly personId?: string;
    /**
     * The handoffs this completion was routed into (trigger matched, exclusive choice taken), in
     * definition order. Recorded so that join progress and handoffs waiting for an event can be
     * folded from the stream alone; absent means none.
     */
    readonly routedVia?: readonly string[];
  }
>;

export type StepFailed = DomainEvent<
  'StepFailed',
  StepRef & {
    readonly kind: 'failed' | 'rejected';
    readonly reason: string;
    readonly outcome?: string;
    /** The failing system's own error code (FailStep), kept for the audit trail. */
    readonly errorCode?: string;
    /** The exception path taken, if one matched. */
    readonly exceptionPathId?: string;
  }
>;

export type StepReassigned = DomainEvent<
  'StepReassigned',
  StepRef & { readonly fromPersonId?: string; readonly toPersonId: string; readonly reason: string }
>;

export type StepOverdue = DomainEvent<'StepOverdue', StepRef & { readonly dueAt: Millis }>;

export type StepEscalated = DomainEvent<
  'StepEscalated',
  StepRef & {
    /** 1-based index into the step's escalation chain. */
    readonly level: number;
    readonly action: EscalationAction;
    readonly to: OwnerSpec;
    readonly toPersonId?: string;
    readonly reason: string;
  }
>;

export type TriggerCorrelated = DomainEvent<
  'TriggerCorrelated',
  {
    readonly instanceId: string;
    readonly triggerType: string;
    readonly correlationKey: string;
    /** The waiting activation (wait-for-event step) or handoff (event-triggered) it released. */
    readonly activationId?: string;
    readonly handoffId?: string;
    readonly payload: DataRecord;
  }
>;

export type InstanceCompleted = DomainEvent<
  'InstanceCompleted',
  { readonly instanceId: string; readonly data: DataRecord }
>;

export type InstanceCancelled = DomainEvent<
  'InstanceCancelled',
  {
    readonly instanceId: string;
    readonly reason: string;
    readonly cancelledActivationIds: readonly string[];
    readonly exceptionPathId?: string;
  }
>;

export type InstanceFailed = DomainEvent<
  'InstanceFailed',
  {
    readonly instanceId: string;
    readonly reason: string;
    readonly activationId?: string;
    readonly cancelledActivationIds: readonly string[];
  }
>;

export type InstanceEvent =
  | InstanceStarted
  | StepActivated
  | StepAssigned
  | StepStarted
  | StepCompleted
  | StepFailed
  | StepReassigned
  | StepOverdue
  | StepEscalated
  | HandoffAtRisk
  | HandoffBreached
  | TriggerCorrelated
  | InstanceCompleted
  | InstanceCancelled
  | InstanceFailed;

export type InstanceEventType = InstanceEvent['type'];
