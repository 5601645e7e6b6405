import { executionV1 } from '@baton/contracts';
import type { instance } from '@baton/domain';
import { invalidField } from '../errors';
import type { EventDataMapper, WireContext } from './event-data-mapper';
import {
  assignmentPolicies,
  durationOf,
  escalationActions,
  millisOf,
  millisOfDuration,
  ownerOf,
  ownerSpecOf,
  present,
  recordOf,
  required,
  stepKinds,
  structOf,
  timestampOf,
} from './wire-values';

// Step lifecycle events (stream `instance-{id}`) ⇄ baton.execution.v1. Fields the wire has and
// the domain lacks stay empty; see WIRE_GAPS for the reverse.

type Data<T extends instance.InstanceEventType> = Extract<instance.InstanceEvent, { type: T }>['data'];
type Mapper<T extends instance.InstanceEventType, M> = EventDataMapper<Data<T>, M>;

const stepRef = (m: { instanceId: string; activationId: string; stepId: string }) => ({
  instanceId: required('instanceId', m.instanceId),
  activationId: required('activationId', m.activationId),
  stepId: required('stepId', m.stepId),
});

/**
 * A source without `completed_at` (written before the field existed) reads as the activation's
 * time; one without `sla_within` has no SLA (none, or recorded before sources kept it).
 */
function handoffSource(m: executionV1.HandoffSource, index: number, context: WireContext) {
  return {
    handoffId: required(`handedOffFrom[${index}].handoffId`, m.handoffId),
    fromStepId: required(`handedOffFrom[${index}].stepId`, m.stepId),
    ...present('fromActivationId', m.activationId),
    completedAt:
      m.completedAt === undefined
        ? context.occurredAt
        : millisOf(`handedOffFrom[${index}].completedAt`, m.completedAt),
    ...(m.slaWithin === undefined
      ? {}
      : { slaWithinMs: millisOfDuration(`handedOffFrom[${index}].slaWithin`, m.slaWithin) }),
    ...(m.slaBusiness ? { slaBusiness: true as const } : {}),
  };
}

export const stepActivated: Mapper<'StepActivated', executionV1.StepActivated> = {
  messageType: executionV1.StepActivated,
  toWire: (d) =>
    executionV1.StepActivated.fromPartial({
      instanceId: d.instanceId,
      activationId: d.activationId,
      stepId: d.stepId,
      stepKind: stepKinds.toWire(d.stepKind),
      handedOffFrom: d.handedOffFrom.map((s) => ({
        activationId: s.fromActivationId ?? '',
        stepId: s.fromStepId,
        handoffId: s.handoffId,
        completedAt: timestampOf(s.completedAt),
        slaWithin: s.slaWithinMs === undefined ? undefined : durationOf(s.slaWithinMs),
        slaBusiness: s.slaBusiness === true,
      })),
      dueAt: d.dueAt === undefined ? undefined : timestampOf(d.dueAt),
      owner: d.owner === undefined ? undefined : ownerSpecOf(d.owner),
      teamId: d.owner?.kind === 'team' ? d.owner.teamId : '',
      assignmentStrategy: assignmentPolicies.toWire(d.policy),
      attempt: d.attempt,
    }),
  toDomain: (m, context) => ({
    ...{},
    ...stepRef(m),
    stepKind: stepKinds.toDomain('stepKind', m.stepKind),
    handedOffFrom: m.handedOffFrom.map((s, i) => handoffSource(s, i, context)),
    ...(m.dueAt === undefined ? {} : { dueAt: millisOf('dueAt', m.dueAt) }),
    ...(m.owner === undefined ? {} : { owner: ownerOf('owner', m.owner) }),
    policy: assignmentPolicies.toDomain('assignmentStrategy', m.assignmentStrategy),
    attempt: m.attempt,
  }),
};

export const stepAssigned: Mapper<'StepAssigned', executionV1.StepAssigned> = {
  messageType: executionV1.StepAssigned,
  toWire: (d) =>
    executionV1.StepAssigned.fromPartial({
      instanceId: d.instanceId,
      activationId: d.activationId,
      stepId: d.stepId,
      personId: d.personId,
      teamId: d.teamId ?? '',
      reason: d.reason,
    }),
  toDomain: (m) => ({
    ...{},
    ...stepRef(m),
    personId: required('personId', m.personId),
    ...present('teamId', m.teamId),
    reason: m.reason,
  }),
};

export const stepStarted: Mapper<'StepStarted', executionV1.StepStarted> = {
  messageType: executionV1.StepStarted,
  toWire: (d) =>
    executionV1.StepStarted.fromPartial({
      instanceId: d.instanceId,
      activationId: d.activationId,
      stepId: d.stepId,
      personId: d.personId ?? '',
    }),
  toDomain: (m) => ({ ...{}, ...stepRef(m), ...present('personId', m.personId) }),
};

/** An empty `routed_via` reads back as `[]`, the form the decider records. */
export const stepCompleted: Mapper<'StepCompleted', executionV1.StepCompleted> = {
  messageType: executionV1.StepCompleted,
  toWire: (d) =>
    executionV1.StepCompleted.fromPartial({
      instanceId: d.instanceId,
      activationId: d.activationId,
      stepId: d.stepId,
      outcome: d.outcome ?? '',
      output: structOf(d.output),
      personId: d.personId ?? '',
      routedVia: [...(d.routedVia ?? [])],
    }),
  toDomain: (m) => ({
    ...{},
    ...stepRef(m),
    ...present('outcome', m.outcome),
    output: recordOf(m.output),
    ...present('personId', m.personId),
    routedVia: m.routedVia,
  }),
};

const failureKinds = {
  failed: executionV1.FailureKind.FAILURE_KIND_FAILED,
  rejected: executionV1.FailureKind.FAILURE_KIND_REJECTED,
} as const;

export const stepFailed: Mapper<'StepFailed', executionV1.StepFailed> = {
  messageType: executionV1.StepFailed,
  toWire: (d) =>
    executionV1.StepFailed.fromPartial({
      instanceId: d.instanceId,
      activationId: d.activationId,
      stepId: d.stepId,
      kind: failureKinds[d.kind],
      reason: d.reason,
      errorCode: d.errorCode ?? '',
      outcome: d.outcome ?? '',
      exceptionPathId: d.exceptionPathId ?? '',
    }),
  toDomain: (m) => {
    const kind =
      m.kind === failureKinds.failed ? 'failed' : m.kind === failureKinds.rejected ? 'rejected' : undefined;
    if (kind === undefined) throw invalidField('kind', `is not a known failure kind (${m.kind})`);
    return {
      ...{},
      ...stepRef(m),
      kind,
      reason: m.reason,
      ...present('outcome', m.outcome),
      ...present('errorCode', m.errorCode),
      ...present('exceptionPathId', m.exceptionPathId),
    };
  },
};

export const stepReassigned: Mapper<'StepReassigned', executionV1.StepReassigned> = {
  messageType: executionV1.StepReassigned,
  toWire: (d) =>
    executionV1.StepReassigned.fromPartial({
      instanceId: d.instanceId,
      activationId: d.activationId,
      stepId: d.stepId,
      fromPersonId: d.fromPersonId ?? '',
      toPersonId: d.toPersonId,
      reason: d.reason,
    }),
  toDomain: (m) => ({
    ...{},
    ...stepRef(m),
    ...present('fromPersonId', m.fromPersonId),
    toPersonId: required('toPersonId', m.toPersonId),
    reason: m.reason,
  }),
};

export const stepOverdue: Mapper<'StepOverdue', executionV1.StepOverdue> = {
  messageType: executionV1.StepOverdue,
  toWire: (d) =>
    executionV1.StepOverdue.fromPartial({
      instanceId: d.instanceId,
      activationId: d.activationId,
      stepId: d.stepId,
      dueAt: timestampOf(d.dueAt),
    }),
  toDomain: (m) => ({ ...{}, ...stepRef(m), dueAt: millisOf('dueAt', m.dueAt) }),
};

export const stepEscalated: Mapper<'StepEscalated', executionV1.StepEscalated> = {
  messageType: executionV1.StepEscalated,
  toWire: (d) =>
    executionV1.StepEscalated.fromPartial({
      instanceId: d.instanceId,
      activationId: d.activationId,
      stepId: d.stepId,
      level: d.level,
      action: escalationActions.toWire(d.action),
      target: ownerSpecOf(d.to),
      toPersonId: d.toPersonId ?? '',
      reason: d.reason,
    }),
  toDomain: (m) => ({
    ...{},
    ...stepRef(m),
    level: m.level,
    action: escalationActions.toDomain('action', m.action),
    to: ownerOf('target', m.target),
    ...present('toPersonId', m.toPersonId),
    reason: m.reason,
  }),
};
