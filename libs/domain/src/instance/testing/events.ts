import { START } from '../../definition/model';
import type { Millis } from '../../shared/data';
import type {
  HandoffSource,
  InstanceCancelled,
  InstanceCompleted,
  InstanceFailed,
  InstanceStarted,
  StepActivated,
  StepAssigned,
  StepCompleted,
  StepEscalated,
  StepFailed,
  StepOverdue,
  StepReassigned,
  StepStarted,
  TriggerCorrelated,
} from '../events';

/** Monday 2026-01-05 09:00 UTC: the business time tests start from. */
export const T0: Millis = Date.UTC(2026, 0, 5, 9);
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
export const INSTANCE_ID = 'instance-1';

/** Envelope fields of a test event: business time (default T0) and the command's idempotency key. */
export interface Envelope {
  readonly at?: Millis;
  readonly idempotencyKey?: string;
}
const envelope = ({ at = T0, idempotencyKey }: Envelope) => ({
  at,
  ...(idempotencyKey !== undefined ? { idempotencyKey } : {}),
});

type StepData<E extends { readonly data: object }> = Partial<E['data']> & { readonly stepId: string };
const ref = (data: { readonly stepId: string; readonly activationId?: string }) => ({
  instanceId: INSTANCE_ID,
  activationId: data.activationId ?? `${data.stepId}#1`,
});

export const fromStart = (handoffId: string, completedAt: Millis = T0): HandoffSource => ({
  handoffId,
  fromStepId: START,
  completedAt,
});

/** A source handed off from an activation (`review#2`); its step id is read from the activation id. */
export const from = (handoffId: string, activationId: string, completedAt: Millis = T0): HandoffSource => ({
  handoffId,
  fromStepId: activationId.split('#')[0] ?? activationId,
  fromActivationId: activationId,
  completedAt,
});

export const anInstanceStarted = (
  data: Partial<InstanceStarted['data']> = {},
  e: Envelope = {},
): InstanceStarted => ({
  type: 'InstanceStarted',
  data: {
    instanceId: INSTANCE_ID,
    definitionId: 'test-process',
    definitionVersion: 1,
    businessKey: 'bk-1',
    data: {},
    ...data,
  },
  ...envelope(e),
});

export const aStepActivated = (data: StepData<StepActivated>, e: Envelope = {}): StepActivated => {
  const attempt = data.attempt ?? 1;
  return {
    type: 'StepActivated',
    data: {
      ...ref({ ...data, activationId: data.activationId ?? `${data.stepId}#${attempt}` }),
      stepKind: 'human-task',
      handedOffFrom: [],
      owner: { kind: 'team', teamId: 'ops' },
      policy: 'manual-claim',
      attempt,
      ...data,
    },
    ...envelope(e),
  };
};

export const aStepAssigned = (data: StepData<StepAssigned>, e: Envelope = {}): StepAssigned => ({
  type: 'StepAssigned',
  data: { ...ref(data), personId: 'alice', reason: 'round-robin', ...data },
  ...envelope(e),
});

export const aStepStarted = (data: StepData<StepStarted>, e: Envelope = {}): StepStarted => ({
  type: 'StepStarted',
  data: { ...ref(data), ...data },
  ...envelope(e),
});

export const aStepCompleted = (data: StepData<StepCompleted>, e: Envelope = {}): StepCompleted => ({
  type: 'StepCompleted',
  data: { ...ref(data), output: {}, routedVia: [], ...data },
  ...envelope(e),
});

export const aStepFailed = (data: StepData<StepFailed>, e: Envelope = {}): StepFailed => ({
  type: 'StepFailed',
  data: { ...ref(data), kind: 'rejected', reason: 'not good enough', ...data },
  ...envelope(e),
});

export const aStepReassigned = (data: StepData<StepReassigned>, e: Envelope = {}): StepReassigned => ({
  type: 'StepReassigned',
  data: { ...ref(data), toPersonId: 'bob', reason: 'holiday', ...data },
  ...envelope(e),
});

export const aStepOverdue = (data: StepData<StepOverdue>, e: Envelope = {}): StepOverdue => ({
  type: 'StepOverdue',
  data: { ...ref(data), dueAt: T0, ...data },
  ...envelope(e),
});

export const aStepEscalated = (data: StepData<StepEscalated>, e: Envelope = {}): StepEscalated => ({
  type: 'StepEscalated',
  data: {
    ...ref(data),
    level: 1,
    action: 'notify',
    to: { kind: 'role', role: 'lead' },
    reason: 'overdue',
    ...data,
  },
  ...envelope(e),
});

export const aTriggerCorrelated = (
  data: Partial<TriggerCorrelated['data']> &
    Pick<TriggerCorrelated['data'], 'triggerType' | 'correlationKey'>,
  e: Envelope = {},
): TriggerCorrelated => ({
  type: 'TriggerCorrelated',
  data: { instanceId: INSTANCE_ID, payload: {}, ...data },
  ...envelope(e),
});

export const anInstanceCompleted = (
  data: Partial<InstanceCompleted['data']> = {},
  e: Envelope = {},
): InstanceCompleted => ({
  type: 'InstanceCompleted',
  data: { instanceId: INSTANCE_ID, data: {}, ...data },
  ...envelope(e),
});

export const anInstanceCancelled = (
  data: Partial<InstanceCancelled['data']> = {},
  e: Envelope = {},
): InstanceCancelled => ({
  type: 'InstanceCancelled',
  data: { instanceId: INSTANCE_ID, reason: 'customer withdrew', cancelledActivationIds: [], ...data },
  ...envelope(e),
});

export const anInstanceFailed = (
  data: Partial<InstanceFailed['data']> = {},
  e: Envelope = {},
): InstanceFailed => ({
  type: 'InstanceFailed',
  data: { instanceId: INSTANCE_ID, reason: 'failed', cancelledActivationIds: [], ...data },
  ...envelope(e),
});
