import type { CommandMetadata, HandoffClockRef, MarkHandoffAtRisk, MarkHandoffBreached } from '../commands';
import type { HandoffAlertData, HandoffAtRisk, HandoffBreached } from '../handoff-alert-events';
import { type Envelope, INSTANCE_ID, T0 } from './events';

/** Builders for handoff SLA commands and events in tests; `meta` defaults to `now: T0`. */
type Meta = Partial<CommandMetadata>;

export const markHandoffAtRisk = (ref: HandoffClockRef, meta: Meta = {}): MarkHandoffAtRisk => ({
  type: 'MarkHandoffAtRisk',
  data: ref,
  metadata: { now: T0, ...meta },
});

export const markHandoffBreached = (ref: HandoffClockRef, meta: Meta = {}): MarkHandoffBreached => ({
  type: 'MarkHandoffBreached',
  data: ref,
  metadata: { now: T0, ...meta },
});

type AlertData = Partial<HandoffAlertData> & Pick<HandoffAlertData, 'handoffId' | 'fromStepId' | 'toStepId'>;

const alertData = (data: AlertData): HandoffAlertData => ({
  instanceId: INSTANCE_ID,
  fromCompletedAt: T0,
  stage: 'assignment',
  dueAt: T0,
  ...data,
});

const envelope = ({ at = T0, idempotencyKey }: Envelope) => ({
  at,
  ...(idempotencyKey !== undefined ? { idempotencyKey } : {}),
});

export const aHandoffAtRisk = (
  data: AlertData & { readonly atRiskAt?: number },
  e: Envelope = {},
): HandoffAtRisk => ({
  type: 'HandoffAtRisk',
  data: { ...alertData(data), atRiskAt: data.atRiskAt ?? T0 },
  ...envelope(e),
});

export const aHandoffBreached = (data: AlertData, e: Envelope = {}): HandoffBreached => ({
  type: 'HandoffBreached',
  data: alertData(data),
  ...envelope(e),
});
