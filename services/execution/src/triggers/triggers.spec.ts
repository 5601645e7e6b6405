import { status, type ServiceError } from '@grpc/grpc-js';
import {
  commonV1,
  executionV1,
  EXECUTION_EVENTS_TOPIC,
  TRIGGERS_DLQ_TOPIC,
  TRIGGERS_TOPIC,
} from '@baton/contracts';
import { decodeMessage } from '@baton/event-wire';
import { DlqHeaders, InProcessMessageBus, type IncomingMessage } from '@baton/messaging';
import { TimerScheduler } from '../timers/timer-scheduler';
import { ExecutionTestApp, waitUntil } from '../testing/execution-test-app';

const { TriggerDisposition, InstanceState, StepState } = executionV1;

const PAYMENTS = `
id: payment-wait
name: Payment wait
category: operational
trigger:
  event: shop.order.placed
  correlationKey: orderId
  requires: [orderId]
steps:
  - id: wait-payment
    name: Wait for payment
    kind: wait-for-event
    event: shop.payment.received
    correlationKey: orderId
    requires: [{ name: amountPaid, type: number }]
    owner: { team: collections }
  - id: cool-off
    name: Cool-off period
    kind: timer
    fires: P1D
    owner: { team: collections }
handoffs:
  - { from: start, to: wait-payment }
  - { from: wait-payment, to: cool-off, on: completed }
  - { from: cool-off, to: end, on: completed }
`;

const trigger = (overrides: Partial<commonV1.TriggerEvent> = {}) =>
  commonV1.TriggerEvent.fromPartial({
    type: 'shop.order.placed',
    correlationKey: 'order-1',
    idempotencyKey: 'shop:order-1:placed',
    payload: { orderId: 'order-1' },
    source: 'shop',
    ...overrides,
  });

async function rejected(promise: Promise<unknown>): Promise<ServiceError> {
  try {
    await promise;
  } catch (error) {
    return error as ServiceError;
  }
  throw new Error('the call succeeded');
}

describe('Triggers', () => {
  let t: ExecutionTestApp;
  const bus = new InProcessMessageBus({ redeliveryDelayMs: 5 });
  const publish = (tr: commonV1.TriggerEvent) => t.call('publishTrigger', { trigger: tr });
  const instancesOf = async (businessKey: string) =>
    (
      await t.call(
        'listInstances',
        executionV1.ListInstancesRequest.fromPartial({ definitionId: 'payment-wait', businessKey }),
      )
    ).instances;

  beforeAll(async () => {
    t = await ExecutionTestApp.start({ bus });
    await t.publishDefinitionText(PAYMENTS);
  });
  afterAll(() => t.close());

  describe('when published with PublishTrigger', () => {
    it('starts an instance once per idempotency key and business key', async () => {
      const first = await publish(trigger());
      expect(first.disposition).toBe(TriggerDisposition.TRIGGER_DISPOSITION_ACCEPTED);
      expect(first.startedInstanceIds).toHaveLength(1);
      const again = await publish(trigger());
      expect(again.disposition).toBe(TriggerDisposition.TRIGGER_DISPOSITION_DUPLICATE);
      const sameOrder = await publish(trigger({ idempotencyKey: 'shop:order-1:placed:resent' }));
      expect(sameOrder.disposition).toBe(TriggerDisposition.TRIGGER_DISPOSITION_DUPLICATE);
      expect(await instancesOf('order-1')).toHaveLength(1);
    });

    it('correlates a waiting step, then the timer fires when due and the instance completes', async () => {
      const id = (
        await publish(
          trigger({ correlationKey: 'order-2', idempotencyKey: 'k2', payload: { orderId: 'order-2' } }),
        )
      ).startedInstanceIds[0] as string;
      const incomplete = await publish(
        trigger({
          type: 'shop.payment.received',
          correlationKey: 'order-2',
          idempotencyKey: 'pay-0',
          payload: {},
        }),
      );
      expect(incomplete.disposition).toBe(TriggerDisposition.TRIGGER_DISPOSITION_REJECTED);
      expect(incomplete.rejectionReason).toContain('amountPaid');

      const paid = await publish(
        trigger({
          type: 'shop.payment.received',
          correlationKey: 'order-2',
          idempotencyKey: 'pay-1',
          payload: { amountPaid: 99 },
        }),
      );
      expect(paid.disposition).toBe(TriggerDisposition.TRIGGER_DISPOSITION_ACCEPTED);
      expect(paid.correlatedInstanceIds).toEqual([id]);
      const repeated = await publish(
        trigger({
          type: 'shop.payment.received',
          correlationKey: 'order-2',
          idempotencyKey: 'pay-1',
          payload: { amountPaid: 99 },
        }),
      );
      expect(repeated.disposition).toBe(TriggerDisposition.TRIGGER_DISPOSITION_DUPLICATE);

      const waiting = (await t.call('getInstance', { instanceId: id })).instance;
      const timer = waiting?.activations.find((a) => a.stepId === 'cool-off');
      expect(timer?.state).toBe(StepState.STEP_STATE_ACTIVATED);
      const scheduler = t.app.get(TimerScheduler);
      expect(await scheduler.tick()).toBe(0);
      t.clock.advance(24 * 3_600_000);
      expect(await scheduler.tick()).toBeGreaterThanOrEqual(1);
      expect(await scheduler.tick()).toBe(0);
      const done = (await t.call('getInstance', { instanceId: id })).instance;
      expect(done?.state).toBe(InstanceState.INSTANCE_STATE_COMPLETED);
      const events = await t.runtime.store.readStream(`instance-${id}`);
      expect(
        events.filter((e) => e.metadata.idempotencyKey === 'timer:cool-off#1').map((e) => e.type),
      ).toContain('StepCompleted');
    });

    it('says UNMATCHED for a trigger nothing waits for, and INVALID_ARGUMENT for a malformed one', async () => {
      expect((await publish(trigger({ type: 'shop.unknown' }))).disposition).toBe(
        TriggerDisposition.TRIGGER_DISPOSITION_UNMATCHED,
      );
      const error = await rejected(publish(trigger({ type: '', idempotencyKey: '' })));
      expect(error.code).toBe(status.INVALID_ARGUMENT);
      expect(error.details).toContain('trigger.type');
      expect(error.details).toContain('trigger.idempotency_key');
    });
  });

  describe('when consumed from the triggers topic', () => {
    const dlq: IncomingMessage[] = [];
    beforeAll(() =>
      bus.subscribe({
        topic: TRIGGERS_DLQ_TOPIC,
        groupId: 'test-dlq',
        fromBeginning: true,
        handler: async (m) => void dlq.push(m),
      }),
    );

    it('starts instances from protobuf and JSON triggers, once', async () => {
      const proto = trigger({
        correlationKey: 'order-3',
        idempotencyKey: 'k3',
        payload: { orderId: 'order-3' },
      });
      const message = {
        key: 'order-3',
        value: Buffer.from(commonV1.TriggerEvent.encode(proto).finish()),
        headers: { 'content-type': 'application/x-protobuf' },
      };
      await bus.publish(TRIGGERS_TOPIC, [message, message]);
      const json = {
        type: 'shop.order.placed',
        correlationKey: 'order-4',
        idempotencyKey: 'k4',
        occurredAt: '2026-03-01T00:00:00Z',
        payload: { orderId: 'order-4' },
      };
      await bus.publish(TRIGGERS_TOPIC, [
        {
          key: 'order-4',
          value: Buffer.from(JSON.stringify(json)),
          headers: { 'content-type': 'application/json' },
        },
      ]);
      await waitUntil(async () => (await instancesOf('order-4')).length === 1);
      expect(await instancesOf('order-3')).toHaveLength(1);
    });

    it('dead-letters malformed and unmatched triggers with the reason in the headers', async () => {
      await bus.publish(TRIGGERS_TOPIC, [
        { key: 'x', value: Buffer.from('{not json'), headers: { 'content-type': 'application/json' } },
        {
          key: 'w',
          value: Buffer.from('{"payload": {"salary": SECRET-123}}'),
          headers: { 'content-type': 'application/json' },
        },
        {
          key: 'y',
          value: Buffer.from(JSON.stringify({ type: 'shop.order.placed' })),
          headers: { 'content-type': 'application/json' },
        },
        {
          key: 'z',
          value: Buffer.from(
            commonV1.TriggerEvent.encode(trigger({ type: 'nobody.cares', idempotencyKey: 'z1' })).finish(),
          ),
          headers: {},
        },
      ]);
      await waitUntil(() => dlq.length >= 4);
      const reasons = dlq.map((m) => m.headers[DlqHeaders.reason] ?? '');
      expect(reasons[0]).toBe('MalformedTriggerError: the trigger is not valid JSON (at position 1)');
      // The parser's own message would quote the text around the error.
      expect(reasons[1]).toBe('MalformedTriggerError: the trigger is not valid JSON');
      expect(reasons[2]).toMatch(/MalformedTriggerError: the trigger lacks correlation_key, idempotency_key/);
      expect(reasons[3]).toMatch(/TriggerNotAcceptedError: no definition starts on nobody\.cares/);
      expect(dlq[0]?.headers[DlqHeaders.originalTopic]).toBe(TRIGGERS_TOPIC);
    });

    it('dead-letters a trigger with a payload field larger than BATON_MAX_FIELD_BYTES, naming it', async () => {
      const huge = {
        type: 'shop.order.placed',
        correlationKey: 'order-huge',
        idempotencyKey: 'k-huge',
        payload: { orderId: 'order-huge', note: 'n'.repeat(64 * 1024 + 1) },
      };
      const before = dlq.length;
      await bus.publish(TRIGGERS_TOPIC, [
        {
          key: 'order-huge',
          value: Buffer.from(JSON.stringify(huge)),
          headers: { 'content-type': 'application/json' },
        },
      ]);
      await waitUntil(() => dlq.length > before);
      expect(dlq[before]?.headers[DlqHeaders.reason]).toBe(
        "MalformedTriggerError: the trigger's payload.note is larger than 65536 bytes (BATON_MAX_FIELD_BYTES)",
      );
      expect(await instancesOf('order-huge')).toHaveLength(0);
    });
  });

  describe('the relay', () => {
    it('publishes instance events, and only those, to the execution events topic', async () => {
      const seen: string[] = [];
      await bus.subscribe({
        topic: EXECUTION_EVENTS_TOPIC,
        groupId: 'test-relay',
        fromBeginning: true,
        handler: async (m) => void seen.push(decodeMessage(m).streamId),
      });
      await waitUntil(() => seen.length > 0);
      expect(seen.every((s) => s.startsWith('instance-'))).toBe(true);
    });
  });
});
