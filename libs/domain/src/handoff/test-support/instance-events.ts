import type { OwnerSpec } from '../../definition/model';
import type { HandoffSource, InstanceEvent } from '../../instance/events';

/** Builders for hand-written instance streams; activation ids are `<stepId>#<attempt>`. */
export const INSTANCE = 'inst-1';
export const MIN = 60_000;

const ref = (activationId: string) => ({
  instanceId: INSTANCE,
  activationId,
  stepId: activationId.split('#')[0] as string,
});

export const instanceStarted = (at: number): InstanceEvent => ({
  type: 'InstanceStarted',
  data: { instanceId: INSTANCE, definitionId: 'def', definitionVersion: 1, businessKey: 'bk', data: {} },
  at,
});

/** A source: the activation `activationId` completed at `completedAt` via `handoffId`. */
export const from = (
  activationId: string,
  completedAt: number,
  handoffId = `h-${activationId}`,
): HandoffSource => ({
  handoffId,
  fromStepId: activationId.split('#')[0] as string,
  fromActivationId: activationId,
  completedAt,
});

export const fromStart = (completedAt: number, handoffId = 'h-start'): HandoffSource => ({
  handoffId,
  fromStepId: 'start',
  completedAt,
});

export const activated = (
  activationId: string,
  at: number,
  sources: HandoffSource[],
  extra: { owner?: OwnerSpec; dueAt?: number } = {},
): InstanceEvent => ({
  type: 'StepActivated',
  data: {
    ...ref(activationId),
    stepKind: 'human-task',
    handedOffFrom: sources,
    policy: 'round-robin',
    attempt: Number(activationId.split('#')[1] ?? 1),
    ...extra,
  },
  at,
});

export const assigned = (
  activationId: string,
  at: number,
  personId: string,
  teamId?: string,
): InstanceEvent => ({
  type: 'StepAssigned',
  data: { ...ref(activationId), personId, reason: 'test', ...(teamId !== undefined ? { teamId } : {}) },
  at,
});

export const reassigned = (activationId: string, at: number, toPersonId: string): InstanceEvent => ({
  type: 'StepReassigned',
  data: { ...ref(activationId), toPersonId, reason: 'test' },
  at,
});

export const started = (activationId: string, at: number): InstanceEvent => ({
  type: 'StepStarted',
  data: ref(activationId),
  at,
});

export const completed = (activationId: string, at: number): InstanceEvent => ({
  type: 'StepCompleted',
  data: { ...ref(activationId), output: {} },
  at,
});

export const failed = (activationId: string, at: number): InstanceEvent => ({
  type: 'StepFailed',
  data: { ...ref(activationId), kind: 'rejected', reason: 'test', exceptionPathId: 'rework' },
  at,
});

export const overdue = (activationId: string, at: number, dueAt: number): InstanceEvent => ({
  type: 'StepOverdue',
  data: { ...ref(activationId), dueAt },
  at,
});

export const escalated = (activationId: string, at: number, level: number): InstanceEvent => ({
  type: 'StepEscalated',
  data: { ...ref(activationId), level, action: 'notify', to: { kind: 'role', role: 'lead' }, reason: 'test' },
  at,
});

export const instanceCompleted = (at: number): InstanceEvent => ({
  type: 'InstanceCompleted',
  data: { instanceId: INSTANCE, data: {} },
  at,
});

export const instanceCancelled = (at: number, cancelledActivationIds: string[] = []): InstanceEvent => ({
  type: 'InstanceCancelled',
  data: { instanceId: INSTANCE, reason: 'test', cancelledActivationIds },
  at,
});

export const instanceFailed = (at: number, cancelledActivationIds: string[] = []): InstanceEvent => ({
  type: 'InstanceFailed',
  data: { instanceId: INSTANCE, reason: 'test', cancelledActivationIds },
  at,
});

export const team = (teamId: string): OwnerSpec => ({ kind: 'team', teamId });
