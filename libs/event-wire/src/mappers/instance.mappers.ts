import { executionV1 } from '@baton/contracts';
import type { instance } from '@baton/domain';
import type { EventDataMapper } from './event-data-mapper';
import { present, recordOf, required, structOf } from './wire-values';

// Instance lifecycle and trigger events (stream `instance-{id}`) ⇄ baton.execution.v1. The
// idempotency key the wire repeats in data comes from the envelope metadata.

type Data<T extends instance.InstanceEventType> = Extract<instance.InstanceEvent, { type: T }>['data'];
type Mapper<T extends instance.InstanceEventType, M> = EventDataMapper<Data<T>, M>;

export const instanceStarted: Mapper<'InstanceStarted', executionV1.InstanceStarted> = {
  messageType: executionV1.InstanceStarted,
  toWire: (d, context) =>
    executionV1.InstanceStarted.fromPartial({
      instanceId: d.instanceId,
      definitionId: d.definitionId,
      definitionVersion: d.definitionVersion,
      businessKey: d.businessKey,
      data: structOf(d.data),
      triggerType: d.triggerType ?? '',
      idempotencyKey: context.idempotencyKey ?? '',
      definitionSha256: d.definitionSha256 ?? '',
    }),
  toDomain: (m) => ({
    instanceId: required('instanceId', m.instanceId),
    definitionId: required('definitionId', m.definitionId),
    definitionVersion: m.definitionVersion,
    businessKey: m.businessKey,
    data: recordOf(m.data),
    ...present('triggerType', m.triggerType),
    ...present('definitionSha256', m.definitionSha256),
  }),
};

export const triggerCorrelated: Mapper<'TriggerCorrelated', executionV1.TriggerCorrelated> = {
  messageType: executionV1.TriggerCorrelated,
  toWire: (d, context) =>
    executionV1.TriggerCorrelated.fromPartial({
      instanceId: d.instanceId,
      triggerType: d.triggerType,
      correlationKey: d.correlationKey,
      idempotencyKey: context.idempotencyKey ?? '',
      activationId: d.activationId ?? '',
      handoffId: d.handoffId ?? '',
      payload: structOf(d.payload),
    }),
  toDomain: (m) => ({
    instanceId: required('instanceId', m.instanceId),
    triggerType: required('triggerType', m.triggerType),
    correlationKey: m.correlationKey,
    ...present('activationId', m.activationId),
    ...present('handoffId', m.handoffId),
    payload: recordOf(m.payload),
  }),
};

export const instanceCompleted: Mapper<'InstanceCompleted', executionV1.InstanceCompleted> = {
  messageType: executionV1.InstanceCompleted,
  toWire: (d) =>
    executionV1.InstanceCompleted.fromPartial({ instanceId: d.instanceId, data: structOf(d.data) }),
  toDomain: (m) => ({ instanceId: required('instanceId', m.instanceId), data: recordOf(m.data) }),
};

export const instanceCancelled: Mapper<'InstanceCancelled', executionV1.InstanceCancelled> = {
  messageType: executionV1.InstanceCancelled,
  toWire: (d) =>
    executionV1.InstanceCancelled.fromPartial({
      instanceId: d.instanceId,
      reason: d.reason,
      cancelledActivationIds: [...d.cancelledActivationIds],
      exceptionPathId: d.exceptionPathId ?? '',
    }),
  toDomain: (m) => ({
    instanceId: required('instanceId', m.instanceId),
    reason: m.reason,
    cancelledActivationIds: m.cancelledActivationIds,
    ...present('exceptionPathId', m.exceptionPathId),
  }),
};

export const instanceFailed: Mapper<'InstanceFailed', executionV1.InstanceFailed> = {
  messageType: executionV1.InstanceFailed,
  toWire: (d) =>
    executionV1.InstanceFailed.fromPartial({
      instanceId: d.instanceId,
      reason: d.reason,
      activationId: d.activationId ?? '',
      cancelledActivationIds: [...d.cancelledActivationIds],
    }),
  toDomain: (m) => ({
    instanceId: required('instanceId', m.instanceId),
    reason: m.reason,
    ...present('activationId', m.activationId),
    cancelledActivationIds: m.cancelledActivationIds,
  }),
};
