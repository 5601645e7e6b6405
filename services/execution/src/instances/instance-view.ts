import type { DataRecord, instance, Millis, OwnerSpec, StepKind } from '@baton/domain';

type HandoffSource = instance.HandoffSource;

export type ActivationState = 'activated' | 'assigned' | 'started' | 'completed' | 'failed' | 'cancelled';

/** One activation as integrators see it (the StepActivation message before mapping). */
export interface ActivationView {
  readonly activationId: string;
  readonly stepId: string;
  readonly stepKind: StepKind;
  readonly attempt: number;
  readonly state: ActivationState;
  readonly owner?: OwnerSpec;
  readonly teamId?: string;
  readonly assigneeId?: string;
  readonly handedOffFrom: readonly HandoffSource[];
  readonly output?: DataRecord;
  readonly outcome?: string;
  readonly dueAt?: Millis;
  readonly activatedAt: Millis;
  readonly assignedAt?: Millis;
  readonly startedAt?: Millis;
  readonly endedAt?: Millis;
  readonly overdue: boolean;
  readonly escalationLevel: number;
  readonly failureReason?: string;
}

export type InstanceViewState = 'running' | 'completed' | 'cancelled' | 'failed';

/** An instance as integrators see it (the Instance message before mapping). */
export interface InstanceView {
  readonly instanceId: string;
  /** The tenant it belongs to (its InstanceStarted event's); callers of others never see it. */
  readonly tenantId: string;
  readonly definitionId: string;
  readonly definitionVersion: number;
  readonly businessKey: string;
  readonly state: InstanceViewState;
  readonly data: DataRecord;
  /** In activation order. */
  readonly activations: readonly ActivationView[];
  readonly startedAt: Millis;
  readonly endedAt?: Millis;
  readonly startedBy: string;
  readonly endReason?: string;
  readonly streamVersion: number;
}

type Patch = Partial<ActivationView>;

const patchActivation = (view: InstanceView, activationId: string, patch: Patch): InstanceView => ({
  ...{},
  ...view,
  activations: view.activations.map((a) => (a.activationId === activationId ? { ...{}, ...a, ...patch } : a)),
});

const endOpen = (view: InstanceView, ids: readonly string[], at: Millis): InstanceView =>
  ids.reduce((v, id) => patchActivation(v, id, { state: 'cancelled', endedAt: at }), view);

/**
 * Folds one instance event into the view. `actor` is who recorded it (the envelope's actor),
 * `streamVersion` the event's version in the instance stream.
 */
export function evolveView(
  view: InstanceView | undefined,
  event: instance.InstanceEvent,
  actor: string,
  streamVersion: number,
  /** The tenant its InstanceStarted was recorded for (only read for that event). */
  tenantId = 'default',
): InstanceView | undefined {
  if (event.type === 'InstanceStarted') {
    const d = event.data;
    return {
      instanceId: d.instanceId,
      tenantId,
      definitionId: d.definitionId,
      definitionVersion: d.definitionVersion,
      businessKey: d.businessKey,
      state: 'running',
      data: d.data,
      activations: [],
      startedAt: event.at,
      startedBy: actor,
      streamVersion,
    };
  }
  if (!view) return view;
  const next = apply({ ...{}, ...view, streamVersion }, event);
  return next;
}

function apply(view: InstanceView, event: instance.InstanceEvent): InstanceView {
  const at = event.at;
  switch (event.type) {
    case 'StepActivated': {
      const d = event.data;
      const activation: ActivationView = {
        activationId: d.activationId,
        stepId: d.stepId,
        stepKind: d.stepKind,
        attempt: d.attempt,
        state: 'activated',
        ...(d.owner ? { owner: d.owner } : {}),
        ...(d.owner?.kind === 'team' ? { teamId: d.owner.teamId } : {}),
        handedOffFrom: d.handedOffFrom,
        ...(d.dueAt !== undefined ? { dueAt: d.dueAt } : {}),
        activatedAt: at,
        overdue: false,
        escalationLevel: 0,
      };
      return { ...{}, ...view, activations: [...view.activations, activation] };
    }
    case 'StepAssigned':
      return patchActivation(view, event.data.activationId, {
        state: 'assigned',
        assigneeId: event.data.personId,
        ...(event.data.teamId ? { teamId: event.data.teamId } : {}),
        assignedAt: at,
      });
    case 'StepStarted':
      return patchActivation(view, event.data.activationId, {
        state: 'started',
        ...(event.data.personId ? { assigneeId: event.data.personId } : {}),
        startedAt: at,
      });
    case 'StepCompleted':
      return {
        ...{},
        ...patchActivation(view, event.data.activationId, {
          state: 'completed',
          output: event.data.output,
          ...(event.data.outcome ? { outcome: event.data.outcome } : {}),
          endedAt: at,
        }),
        data: { ...{}, ...view.data, ...event.data.output },
      };
    case 'StepFailed':
      return patchActivation(view, event.data.activationId, {
        state: 'failed',
        failureReason: event.data.reason,
        ...(event.data.outcome ? { outcome: event.data.outcome } : {}),
        endedAt: at,
      });
    case 'StepReassigned':
      return patchActivation(view, event.data.activationId, {
        assigneeId: event.data.toPersonId,
        assignedAt: at,
      });
    case 'StepOverdue':
      return patchActivation(view, event.data.activationId, { overdue: true });
    case 'StepEscalated':
      return patchActivation(view, event.data.activationId, {
        escalationLevel: event.data.level,
        ...(event.data.toPersonId ? { assigneeId: event.data.toPersonId } : {}),
      });
    case 'TriggerCorrelated': {
      const merged = { ...{}, ...view, data: { ...{}, ...view.data, ...event.data.payload } };
      return event.data.activationId
        ? patchActivation(merged, event.data.activationId, {
            state: 'completed',
            output: event.data.payload,
            endedAt: at,
          })
        : merged;
    }
    case 'InstanceCompleted':
      return { ...{}, ...view, state: 'completed', endedAt: at, data: event.data.data };
    case 'InstanceCancelled':
      return {
        ...{},
        ...endOpen(view, event.data.cancelledActivationIds, at),
        state: 'cancelled',
        endedAt: at,
        endReason: event.data.reason,
      };
    case 'InstanceFailed':
      return {
        ...{},
        ...endOpen(view, event.data.cancelledActivationIds, at),
        state: 'failed',
        endedAt: at,
        endReason: event.data.reason,
      };
    default:
      return view;
  }
}

export const isOpen = (a: ActivationView): boolean =>
  a.state === 'activated' || a.state === 'assigned' || a.state === 'started';
