import { executionV1 } from '@baton/contracts';
import type { instance } from '@baton/domain';
import { invalidField } from '../errors';
import type { EventDataMapper } from './event-data-mapper';
import { millisOf, ownerOf, ownerSpecOf, present, required, timestampOf } from './wire-values';

// Handoff SLA alerts (stream `instance-{id}`) ⇄ baton.execution.v1: one flat message each, the
// same fields (HandoffAtRisk adds at_risk_at).

type AlertData = instance.HandoffAlertData;
type AlertMessage = executionV1.HandoffBreached;

const { HandoffStage } = executionV1;

const stages: Record<instance.HandoffStage, executionV1.HandoffStage> = {
  routing: HandoffStage.HANDOFF_STAGE_ROUTING,
  assignment: HandoffStage.HANDOFF_STAGE_ASSIGNMENT,
  pickup: HandoffStage.HANDOFF_STAGE_PICKUP,
};

function stageOf(value: executionV1.HandoffStage): instance.HandoffStage {
  const found = (Object.keys(stages) as instance.HandoffStage[]).find((s) => stages[s] === value);
  if (found === undefined) throw invalidField('stage', `is not a known handoff stage (${value})`);
  return found;
}

const alertToWire = (d: AlertData): AlertMessage => ({
  instanceId: d.instanceId,
  handoffId: d.handoffId,
  fromStepId: d.fromStepId,
  fromActivationId: d.fromActivationId ?? '',
  fromCompletedAt: timestampOf(d.fromCompletedAt),
  toStepId: d.toStepId,
  toActivationId: d.toActivationId ?? '',
  stage: stages[d.stage],
  assigneePersonId: d.assigneeId ?? '',
  dueAt: timestampOf(d.dueAt),
  transitionOwner: d.owner === undefined ? undefined : ownerSpecOf(d.owner),
});

const alertToDomain = (m: AlertMessage): AlertData => ({
  instanceId: required('instanceId', m.instanceId),
  handoffId: required('handoffId', m.handoffId),
  fromStepId: required('fromStepId', m.fromStepId),
  ...present('fromActivationId', m.fromActivationId),
  fromCompletedAt: millisOf('fromCompletedAt', m.fromCompletedAt),
  toStepId: required('toStepId', m.toStepId),
  ...present('toActivationId', m.toActivationId),
  stage: stageOf(m.stage),
  ...present('assigneeId', m.assigneePersonId),
  dueAt: millisOf('dueAt', m.dueAt),
  ...(m.transitionOwner === undefined ? {} : { owner: ownerOf('transitionOwner', m.transitionOwner) }),
});

export const handoffAtRisk: EventDataMapper<instance.HandoffAtRisk['data'], executionV1.HandoffAtRisk> = {
  messageType: executionV1.HandoffAtRisk,
  toWire: (d) =>
    executionV1.HandoffAtRisk.fromPartial({ ...{}, ...alertToWire(d), atRiskAt: timestampOf(d.atRiskAt) }),
  toDomain: (m) => ({ ...{}, ...alertToDomain(m), atRiskAt: millisOf('atRiskAt', m.atRiskAt) }),
};

export const handoffBreached: EventDataMapper<instance.HandoffBreached['data'], executionV1.HandoffBreached> =
  {
    messageType: executionV1.HandoffBreached,
    toWire: (d) => executionV1.HandoffBreached.fromPartial(alertToWire(d)),
    toDomain: alertToDomain,
  };
