import type { instance, OwnerSpec } from '@baton/domain';
import type { HistoryEvent } from '../instance-history';

/** Monday 2026-03-02 09:00 UTC; builder times are minutes after it. */
export const T0 = Date.UTC(2026, 2, 2, 9);
export const MIN = 60_000;
export const at = (minutes: number) => T0 + minutes * MIN;

type Event = instance.InstanceEvent;

/**
 * A hand-written instance stream (tests only): activation ids are `<stepId>#<attempt>`, times
 * are minutes after {@link T0}, event ids `<instanceId>-e<n>`.
 */
export function history(instanceId = 'i-1', definitionId = 'vendor', definitionVersion = 1) {
  const events: HistoryEvent[] = [];
  const ref = (activationId: string) => ({
    instanceId,
    activationId,
    stepId: activationId.split('#')[0] as string,
  });
  const api = {
    events,
    add(event: Event) {
      events.push({ id: `${instanceId}-e${events.length + 1}`, event });
      return api;
    },
    started: (m: number, businessKey = `bk-${instanceId}`) =>
      api.add({
        type: 'InstanceStarted',
        data: { instanceId, definitionId, definitionVersion, businessKey, data: {} },
        at: at(m),
      }),
    activated: (
      activationId: string,
      m: number,
      o: { team?: string; from?: readonly [string, number][]; dueAt?: number; owner?: OwnerSpec } = {},
    ) =>
      api.add({
        type: 'StepActivated',
        data: {
          ...ref(activationId),
          stepKind: 'human-task',
          handedOffFrom: (o.from ?? [['start', m]]).map(([from, completed]) => ({
            handoffId: `h-${from}`,
            fromStepId: from.split('#')[0] as string,
            ...(from === 'start' ? {} : { fromActivationId: from }),
            completedAt: at(completed),
          })),
          policy: 'round-robin',
          attempt: Number(activationId.split('#')[1] ?? 1),
          ...(o.team !== undefined ? { owner: { kind: 'team', teamId: o.team } as OwnerSpec } : {}),
          ...(o.owner !== undefined ? { owner: o.owner } : {}),
          ...(o.dueAt !== undefined ? { dueAt: at(o.dueAt) } : {}),
        },
        at: at(m),
      }),
    assigned: (activationId: string, m: number, personId: string, teamId?: string) =>
      api.add({
        type: 'StepAssigned',
        data: { ...ref(activationId), personId, reason: 'round-robin', ...(teamId ? { teamId } : {}) },
        at: at(m),
      }),
    reassigned: (activationId: string, m: number, toPersonId: string, fromPersonId?: string) =>
      api.add({
        type: 'StepReassigned',
        data: {
          ...ref(activationId),
          toPersonId,
          reason: 'holiday',
          ...(fromPersonId ? { fromPersonId } : {}),
        },
        at: at(m),
      }),
    stepStarted: (activationId: string, m: number, personId?: string) =>
      api.add({
        type: 'StepStarted',
        data: { ...ref(activationId), ...(personId ? { personId } : {}) },
        at: at(m),
      }),
    completed: (activationId: string, m: number, personId?: string, outcome?: string) =>
      api.add({
        type: 'StepCompleted',
        data: {
          ...ref(activationId),
          output: {},
          ...(personId ? { personId } : {}),
          ...(outcome ? { outcome } : {}),
        },
        at: at(m),
      }),
    failed: (
      activationId: string,
      m: number,
      kind: 'failed' | 'rejected',
      reason: string,
      outcome?: string,
    ) =>
      api.add({
        type: 'StepFailed',
        data: { ...ref(activationId), kind, reason, ...(outcome ? { outcome } : {}) },
        at: at(m),
      }),
    overdue: (activationId: string, m: number, dueMinutes: number) =>
      api.add({ type: 'StepOverdue', data: { ...ref(activationId), dueAt: at(dueMinutes) }, at: at(m) }),
    escalated: (
      activationId: string,
      m: number,
      action: 'remind' | 'notify' | 'reassign',
      to: OwnerSpec,
      toPersonId?: string,
    ) =>
      api.add({
        type: 'StepEscalated',
        data: {
          ...ref(activationId),
          level: 1,
          action,
          to,
          reason: 'overdue',
          ...(toPersonId ? { toPersonId } : {}),
        },
        at: at(m),
      }),
    correlated: (m: number, activationId: string) =>
      api.add({
        type: 'TriggerCorrelated',
        data: { instanceId, triggerType: 'payment.received', correlationKey: 'k', activationId, payload: {} },
        at: at(m),
      }),
    instanceCompleted: (m: number) =>
      api.add({ type: 'InstanceCompleted', data: { instanceId, data: {} }, at: at(m) }),
    cancelled: (m: number, cancelledActivationIds: string[], reason = 'customer withdrew') =>
      api.add({ type: 'InstanceCancelled', data: { instanceId, reason, cancelledActivationIds }, at: at(m) }),
    instanceFailed: (m: number, activationId: string, cancelledActivationIds: string[], reason = 'no path') =>
      api.add({
        type: 'InstanceFailed',
        data: { instanceId, reason, activationId, cancelledActivationIds },
        at: at(m),
      }),
  };
  return api;
}

/** collect-documentation (procurement) → review-contract (legal), done by different people. */
export function sequentialVendor(instanceId = 'i-1') {
  return history(instanceId)
    .started(0)
    .activated('collect#1', 0, { team: 'procurement' })
    .assigned('collect#1', 0, 'pat')
    .stepStarted('collect#1', 60, 'pat')
    .completed('collect#1', 240, 'pat')
    .activated('review#1', 240, { team: 'legal', from: [['collect#1', 240]] })
    .assigned('review#1', 240, 'lee')
    .stepStarted('review#1', 360, 'lee')
    .completed('review#1', 420, 'lee', 'approved')
    .instanceCompleted(420);
}
