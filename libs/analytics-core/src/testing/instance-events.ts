import type { instance, OwnerSpec } from '@baton/domain';

type InstanceEvent = instance.InstanceEvent;
type HandoffSource = instance.HandoffSource;

/**
 * Builders for hand-written instance streams (tests only; not exported from the library).
 * Activation ids are `<stepId>#<attempt>`; times are in minutes, converted to ms here.
 */
export const MIN = 60_000;
export const INSTANCE = 'inst-1';

export interface Stream {
  readonly instanceId: string;
  readonly definitionId: string;
  readonly version: number;
}

export function streamOf({ instanceId, definitionId, version }: Stream) {
  const ref = (activationId: string) => ({
    instanceId,
    activationId,
    stepId: activationId.split('#')[0] as string,
  });
  const m = (minutes: number) => minutes * MIN;
  return {
    started: (at: number): InstanceEvent => ({
      type: 'InstanceStarted',
      data: { instanceId, definitionId, definitionVersion: version, businessKey: 'bk', data: {} },
      at: m(at),
    }),
    fromStart: (at: number, handoffId = 'h-start'): HandoffSource => ({
      handoffId,
      fromStepId: 'start',
      completedAt: m(at),
    }),
    from: (activationId: string, at: number, handoffId: string): HandoffSource => ({
      handoffId,
      fromStepId: activationId.split('#')[0] as string,
      fromActivationId: activationId,
      completedAt: m(at),
    }),
    activated: (
      activationId: string,
      at: number,
      sources: HandoffSource[],
      extra: { team?: string; dueAt?: number } = {},
    ): InstanceEvent => ({
      type: 'StepActivated',
      data: {
        ...ref(activationId),
        stepKind: 'human-task',
        handedOffFrom: sources,
        policy: 'round-robin',
        attempt: Number(activationId.split('#')[1] ?? 1),
        ...(extra.team !== undefined ? { owner: { kind: 'team', teamId: extra.team } as OwnerSpec } : {}),
        ...(extra.dueAt !== undefined ? { dueAt: m(extra.dueAt) } : {}),
      },
      at: m(at),
    }),
    assigned: (activationId: string, at: number, personId: string): InstanceEvent => ({
      type: 'StepAssigned',
      data: { ...ref(activationId), personId, reason: 'policy' },
      at: m(at),
    }),
    reassigned: (activationId: string, at: number, toPersonId: string): InstanceEvent => ({
      type: 'StepReassigned',
      data: { ...ref(activationId), toPersonId, reason: 'holiday' },
      at: m(at),
    }),
    stepStarted: (activationId: string, at: number): InstanceEvent => ({
      type: 'StepStarted',
      data: ref(activationId),
      at: m(at),
    }),
    completed: (activationId: string, at: number): InstanceEvent => ({
      type: 'StepCompleted',
      data: { ...ref(activationId), output: {} },
      at: m(at),
    }),
    rejected: (activationId: string, at: number, exceptionPathId: string): InstanceEvent => ({
      type: 'StepFailed',
      data: { ...ref(activationId), kind: 'rejected', reason: 'incomplete', exceptionPathId },
      at: m(at),
    }),
    overdue: (activationId: string, at: number, dueAt: number): InstanceEvent => ({
      type: 'StepOverdue',
      data: { ...ref(activationId), dueAt: m(dueAt) },
      at: m(at),
    }),
    escalated: (activationId: string, at: number, level: number, toPersonId?: string): InstanceEvent => ({
      type: 'StepEscalated',
      data: {
        ...ref(activationId),
        level,
        action: toPersonId !== undefined ? 'reassign' : 'notify',
        to: { kind: 'role', role: 'lead' },
        ...(toPersonId !== undefined ? { toPersonId } : {}),
        reason: 'overdue',
      },
      at: m(at),
    }),
    completedInstance: (at: number): InstanceEvent => ({
      type: 'InstanceCompleted',
      data: { instanceId, data: {} },
      at: m(at),
    }),
  };
}
