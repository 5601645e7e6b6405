import type { OwnerSpec } from '../definition/model';
import type { Millis } from '../shared/data';
import type { DomainEvent } from './events';

/**
 * Where a waiting handoff is in its split (docs/analytics-handoffs.md): `routing` (the target is
 * not activated yet: a join or an event trigger holds it), `assignment` (activated, nobody has
 * it), `pickup` (assigned, not started).
 */
export type HandoffStage = 'routing' | 'assignment' | 'pickup';

/** One traversal of a handoff edge A→B: the SLA clock it runs on, and where it waits. */
export interface HandoffAlertData {
  readonly instanceId: string;
  readonly handoffId: string;
  /** `start` for a handoff from the instance start. */
  readonly fromStepId: string;
  /** The upstream activation; absent for `start`. */
  readonly fromActivationId?: string;
  /** When the upstream activation completed (the instance start for `start`): the clock's start. */
  readonly fromCompletedAt: Millis;
  readonly toStepId: string;
  /** The target activation; absent while routing. */
  readonly toActivationId?: string;
  readonly stage: HandoffStage;
  /** Who has the target now (stage `pickup`). */
  readonly assigneeId?: string;
  /** fromCompletedAt + the handoff's SLA. */
  readonly dueAt: Millis;
  /** The handoff's owner (who chases the transition), a data-field owner resolved when it can be. */
  readonly owner?: OwnerSpec;
}

/** The handoff passed its at-risk threshold and its target has not started. */
export type HandoffAtRisk = DomainEvent<'HandoffAtRisk', HandoffAlertData & { readonly atRiskAt: Millis }>;

/** The handoff's deadline passed and its target has not started: it missed its SLA. */
export type HandoffBreached = DomainEvent<'HandoffBreached', HandoffAlertData>;
