import { commonV1, definitionV1, executionV1 } from '@baton/contracts';
import type { DefinitionVersion, OwnerSpec, StepKind } from '@baton/domain';
import type { ActivationState, ActivationView, InstanceView, InstanceViewState } from './instance-view';

const { InstanceState, StepState } = executionV1;

const instanceStates: Record<InstanceViewState, executionV1.InstanceState> = {
  running: InstanceState.INSTANCE_STATE_RUNNING,
  completed: InstanceState.INSTANCE_STATE_COMPLETED,
  cancelled: InstanceState.INSTANCE_STATE_CANCELLED,
  failed: InstanceState.INSTANCE_STATE_FAILED,
};

const stepStates: Record<ActivationState, executionV1.StepState> = {
  activated: StepState.STEP_STATE_ACTIVATED,
  assigned: StepState.STEP_STATE_ASSIGNED,
  started: StepState.STEP_STATE_STARTED,
  completed: StepState.STEP_STATE_COMPLETED,
  failed: StepState.STEP_STATE_FAILED,
  cancelled: StepState.STEP_STATE_CANCELLED,
};

const stepKinds: Record<StepKind, definitionV1.StepKind> = {
  'human-task': definitionV1.StepKind.STEP_KIND_HUMAN_TASK,
  approval: definitionV1.StepKind.STEP_KIND_APPROVAL,
  automated: definitionV1.StepKind.STEP_KIND_AUTOMATED,
  'wait-for-event': definitionV1.StepKind.STEP_KIND_WAIT_FOR_EVENT,
  timer: definitionV1.StepKind.STEP_KIND_TIMER,
};

export const toInstanceState = (state: InstanceViewState): executionV1.InstanceState => instanceStates[state];
export const toStepState = (state: ActivationState): executionV1.StepState => stepStates[state];

export function toOwnerSpec(owner: OwnerSpec): commonV1.OwnerSpec {
  const { OwnerKind } = commonV1;
  switch (owner.kind) {
    case 'person':
      return commonV1.OwnerSpec.fromPartial({ kind: OwnerKind.OWNER_KIND_PERSON, personId: owner.personId });
    case 'team':
      return commonV1.OwnerSpec.fromPartial({ kind: OwnerKind.OWNER_KIND_TEAM, teamId: owner.teamId });
    case 'role':
      return commonV1.OwnerSpec.fromPartial({ kind: OwnerKind.OWNER_KIND_ROLE, role: owner.role });
    case 'data-field':
      return commonV1.OwnerSpec.fromPartial({ dataField: owner.field });
  }
}

/** Triggers record `trigger:<source>` as their actor; everyone else calls as a person. */
const actorTypeOf = (actor: string): commonV1.ActorType =>
  actor.startsWith('trigger:') ? commonV1.ActorType.ACTOR_TYPE_SYSTEM : commonV1.ActorType.ACTOR_TYPE_PERSON;

const date = (ms: number | undefined): Date | undefined => (ms === undefined ? undefined : new Date(ms));
/** Whole positive milliseconds as a protobuf Duration. */
const durationOf = (ms: number) => ({
  seconds: String(Math.floor(ms / 1000)),
  nanos: (ms % 1000) * 1_000_000,
});

/** An activation as the StepActivation message; `definition` names the step. */
export function toStepActivation(
  a: ActivationView,
  definition: DefinitionVersion | undefined,
): executionV1.StepActivation {
  return executionV1.StepActivation.fromPartial({
    activationId: a.activationId,
    stepId: a.stepId,
    stepName: definition?.definition.steps.find((s) => s.id === a.stepId)?.name ?? a.stepId,
    stepKind: stepKinds[a.stepKind],
    state: stepStates[a.state],
    ...(a.owner ? { owner: toOwnerSpec(a.owner) } : {}),
    teamId: a.teamId ?? '',
    assigneePersonId: a.assigneeId ?? '',
    handedOffFrom: a.handedOffFrom.map((h) => ({
      activationId: h.fromActivationId ?? '',
      stepId: h.fromStepId,
      handoffId: h.handoffId,
      completedAt: new Date(h.completedAt),
      ...(h.slaWithinMs !== undefined ? { slaWithin: durationOf(h.slaWithinMs) } : {}),
    })),
    ...(a.output ? { output: a.output } : {}),
    outcome: a.outcome ?? '',
    dueAt: date(a.dueAt),
    activatedAt: date(a.activatedAt),
    assignedAt: date(a.assignedAt),
    startedAt: date(a.startedAt),
    endedAt: date(a.endedAt),
    overdue: a.overdue,
    escalationLevel: a.escalationLevel,
    attempt: a.attempt,
    failureReason: a.failureReason ?? '',
  });
}

/** An instance as the Instance message; `summary` leaves out activations and data (lists). */
export function toInstance(
  view: InstanceView,
  definition: DefinitionVersion | undefined,
  summary = false,
): executionV1.Instance {
  return executionV1.Instance.fromPartial({
    instanceId: view.instanceId,
    tenantId: view.tenantId,
    definitionId: view.definitionId,
    definitionVersion: view.definitionVersion,
    definitionName: definition?.definition.name ?? view.definitionId,
    businessKey: view.businessKey,
    state: instanceStates[view.state],
    ...(summary
      ? {}
      : { data: view.data, activations: view.activations.map((a) => toStepActivation(a, definition)) }),
    startedAt: date(view.startedAt),
    endedAt: date(view.endedAt),
    startedBy: { type: actorTypeOf(view.startedBy), id: view.startedBy },
    endReason: view.endReason ?? '',
    streamVersion: String(view.streamVersion),
  });
}
