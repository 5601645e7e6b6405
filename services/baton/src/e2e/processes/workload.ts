import { analyticsV1, commonV1, definitionV1, executionV1, TRIGGERS_TOPIC } from '@baton/contracts';
import type { KafkaMessageBus } from '@baton/messaging';
import { MessageHeaders } from '@baton/messaging';
import { status } from '@grpc/grpc-js';
import { BatonConnection } from '../../cli/connection';
import { openConnections, wholeAuditTrail, type BatonAddresses } from '../baton-clients';

const DAY = 86_400_000;
const COMPLETED = executionV1.InstanceState.INSTANCE_STATE_COMPLETED;
/** Codes a client retries with the same idempotency key: the service is down or busy. */
const RETRIED: ReadonlySet<number> = new Set([status.UNAVAILABLE, status.DEADLINE_EXCEEDED, status.ABORTED]);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** What the workload did to one instance. */
export interface DrivenInstance {
  readonly definitionId: string;
  readonly businessKey: string;
  readonly instanceId: string;
  /** Retried calls (UNAVAILABLE, DEADLINE_EXCEEDED, ABORTED) while driving it. */
  readonly retries: number;
}

/**
 * An integrator driving Baton over gRPC and Kafka while services come and go: every mutating call
 * carries an idempotency key, and UNAVAILABLE / DEADLINE_EXCEEDED / ABORTED are retried with
 * backoff until `retryForMs` has passed. Steps are worked as the person ownership assigned
 * (automated steps by their system, wait steps by a trigger).
 */
export class ChaosWorkload {
  private readonly connections: Record<keyof BatonAddresses, BatonConnection>;
  /** StepCompleted/StepFailed commands acknowledged, across all instances. */
  stepsEnded = 0;

  constructor(
    addresses: BatonAddresses,
    private readonly producer: KafkaMessageBus,
    private readonly retryForMs = 90_000,
  ) {
    this.connections = openConnections(addresses, { timeoutMs: 10_000, actor: 'chaos-e2e' });
  }

  close(): void {
    for (const c of Object.values(this.connections)) c.close();
  }

  /** Calls with retries; `counter.retries` counts them. */
  async retrying<T>(call: () => Promise<T>, counter: { retries: number } = { retries: 0 }): Promise<T> {
    const deadline = Date.now() + this.retryForMs;
    for (let delay = 50; ; delay = Math.min(delay * 2, 1_000)) {
      try {
        return await call();
      } catch (error) {
        const code = (error as { code?: number }).code;
        if (code === undefined || !RETRIED.has(code) || Date.now() + delay > deadline) throw error;
        counter.retries += 1;
        await sleep(delay);
      }
    }
  }

  getInstance(instanceId: string, counter?: { retries: number }): Promise<executionV1.Instance> {
    const c = this.connections.execution;
    return this.retrying(
      () =>
        c
          .call(
            c.execution,
            c.execution.getInstance,
            executionV1.GetInstanceRequest.fromPartial({ instanceId }),
          )
          .then((r) => {
            if (!r.instance) throw new Error(`GetInstance ${instanceId} returned no instance`);
            return r.instance;
          }),
      counter,
    );
  }

  async instancesWithKey(definitionId: string, businessKey: string): Promise<executionV1.Instance[]> {
    const c = this.connections.execution;
    const r = await this.retrying(() =>
      c.call(
        c.execution,
        c.execution.listInstances,
        executionV1.ListInstancesRequest.fromPartial({ definitionId, businessKey, pageSize: 100 }),
      ),
    );
    return r.instances;
  }

  auditTrail(instanceId: string): Promise<analyticsV1.AuditEntry[]> {
    return wholeAuditTrail(this.connections.analytics, instanceId, (call) => this.retrying(call));
  }

  publishDefinition(text: string, idempotencyKey: string) {
    const c = this.connections.definition;
    return this.retrying(() =>
      c.call(
        c.definition,
        c.definition.publishDefinition,
        definitionV1.PublishDefinitionRequest.fromPartial({
          source: { format: definitionV1.SourceFormat.SOURCE_FORMAT_YAML, text },
          idempotencyKey,
        }),
      ),
    );
  }

  /** The status code StartInstance answers with for `data` (0 = started); a probe of what execution knows. */
  startCode(definitionId: string, definitionVersion: number | undefined, data: Record<string, unknown>) {
    const c = this.connections.execution;
    return this.retrying(() =>
      c.call(
        c.execution,
        c.execution.startInstance,
        executionV1.StartInstanceRequest.fromPartial({
          definitionId,
          definitionVersion,
          businessKey: `probe-${definitionId}`,
          data,
        }),
      ),
    ).then(
      () => 0,
      (e: { code?: number }) => e.code ?? -1,
    );
  }

  produceTrigger(type: string, correlationKey: string, payload: Record<string, unknown>): Promise<void> {
    const trigger = commonV1.TriggerEvent.fromPartial({
      type,
      correlationKey,
      idempotencyKey: `${type}:${correlationKey}`,
      payload,
    });
    return this.producer.publish(TRIGGERS_TOPIC, [
      {
        key: correlationKey,
        value: Buffer.from(commonV1.TriggerEvent.encode(trigger).finish()),
        headers: { [MessageHeaders.contentType]: 'application/x-protobuf' },
      },
    ]);
  }

  /** Budget approval started by StartInstance (idempotency key), engineering route, approved. */
  async budgetApproval(requestId: string, timeoutMs: number): Promise<DrivenInstance> {
    const counter = { retries: 0 };
    const c = this.connections.execution;
    const started = await this.retrying(
      () =>
        c.call(
          c.execution,
          c.execution.startInstance,
          executionV1.StartInstanceRequest.fromPartial({
            definitionId: 'budget-approval',
            businessKey: requestId,
            idempotencyKey: `start:${requestId}`,
            data: {
              requestId,
              requesterId: 'carla.romero',
              department: 'engineering',
              departmentHeadId: 'elena.rossi',
              amount: 25_000,
              currency: 'EUR',
              fiscalYear: 2027,
              justification: 'two build servers',
            },
          }),
        ),
      counter,
    );
    const instanceId = started.instance?.instanceId ?? '';
    await this.drive(instanceId, timeoutMs, counter, (a) => {
      switch (a.stepId) {
        case 'prepare-request':
          return { output: { costBreakdownUrl: `https://docs.example.com/${requestId}` } };
        case 'engineering-head-review':
          return { output: {}, outcome: 'endorsed' };
        case 'finance-review':
          return { output: { approvedAmount: 24_000 }, outcome: 'approved' };
        default:
          return { output: {} };
      }
    });
    return { definitionId: 'budget-approval', businessKey: requestId, instanceId, retries: counter.retries };
  }

  /**
   * Order to cash started by a trigger produced to Kafka: the first invoice fails (reconciliation
   * loop), the second goes through, and the payment trigger completes the wait for payment.
   */
  async orderToCash(orderId: string, timeoutMs: number): Promise<DrivenInstance> {
    const counter = { retries: 0 };
    const now = Date.now();
    await this.produceTrigger('commerce.order.placed', orderId, {
      orderId,
      customerId: 'C-77',
      orderTotal: 1200,
      currency: 'EUR',
      lineItems: [{ sku: 'DESK-1', quantity: 4 }],
      shippingAddress: { city: 'Lyon', country: 'FR' },
    });
    const instanceId = await this.until(`order ${orderId} started by its trigger`, timeoutMs, async () => {
      const found = await this.instancesWithKey('order-to-cash', orderId);
      return found[0]?.instanceId;
    });
    let paymentSent = false;
    await this.drive(
      instanceId,
      timeoutMs,
      counter,
      (a) => {
        switch (a.stepId) {
          case 'confirm-terms':
            return { output: { paymentTerms: 'net-30', discountPercent: 5 } };
          case 'set-up-billing':
            return { output: { billingAccountId: 'BA-9' } };
          case 'issue-invoice':
            return a.attempt === 1
              ? { fail: 'invoice total 1,140.00 differs from order 1,200.00' }
              : {
                  output: {
                    invoiceId: `INV-${orderId}`,
                    invoiceDueDate: new Date(now + 30 * DAY).toISOString().slice(0, 10),
                  },
                };
          case 'reconcile-invoice':
            return { output: { reconciliationNote: 'discount applied twice; corrected' } };
          case 'fulfil-order':
            return { output: { shipmentId: `SH-${orderId}` } };
          case 'confirm-delivery':
            return { output: { deliveryConfirmedAt: new Date(now + 2 * DAY).toISOString() } };
          default:
            return { output: {} };
        }
      },
      async (a) => {
        if (a.stepId !== 'collect-payment' || paymentSent) return;
        paymentSent = true;
        await this.produceTrigger('payments.payment.received', orderId, {
          orderId,
          amountPaid: 1200,
          paidAt: new Date(now + 20 * DAY).toISOString(),
        });
      },
    );
    return { definitionId: 'order-to-cash', businessKey: orderId, instanceId, retries: counter.retries };
  }

  /**
   * Works every open, assigned activation as its assignee (StartStep, then CompleteStep or
   * FailStep, idempotency keys per instance and activation) until the instance completes; open
   * wait steps go to `onWait`.
   */
  private async drive(
    instanceId: string,
    timeoutMs: number,
    counter: { retries: number },
    plan: (a: executionV1.StepActivation) => {
      output?: Record<string, unknown>;
      outcome?: string;
      fail?: string;
    },
    onWait: (a: executionV1.StepActivation) => Promise<void> = async () => undefined,
  ): Promise<void> {
    const c = this.connections.execution;
    const done = new Set<string>();
    let last: executionV1.Instance | undefined;
    const describe = () =>
      last
        ? `state ${last.state}, version ${last.streamVersion}; ` +
          last.activations
            .map(
              (a) =>
                `${a.activationId}[${a.assigneePersonId || '-'}${a.startedAt ? ' started' : ''}${a.endedAt ? ' ended' : ''}${done.has(a.activationId) ? ' done' : ''}]`,
            )
            .join(' ')
        : 'never read';
    await this.until(`instance ${instanceId} completed`, timeoutMs, async () => {
      const instance = await this.getInstance(instanceId, counter);
      last = instance;
      if (instance.state === COMPLETED) return true;
      for (const a of instance.activations) {
        if (a.endedAt || done.has(a.activationId)) continue;
        if (a.stepKind === definitionV1.StepKind.STEP_KIND_WAIT_FOR_EVENT) {
          await onWait(a);
          continue;
        }
        // People's steps are worked by whom ownership assigned; automated ones by their system.
        const automated = a.stepKind === definitionV1.StepKind.STEP_KIND_AUTOMATED;
        if (!automated && !a.assigneePersonId) continue;
        const actor = { actor: automated ? `system:${a.stepId}` : a.assigneePersonId };
        const key = `${instanceId}:${a.activationId}`;
        await this.retrying(
          () =>
            c.call(
              c.execution,
              c.execution.startStep,
              executionV1.StartStepRequest.fromPartial({
                instanceId,
                activationId: a.activationId,
                idempotencyKey: `start:${key}`,
              }),
              actor,
            ),
          counter,
        );
        const step = plan(a);
        if (step.fail !== undefined) {
          await this.retrying(
            () =>
              c.call(
                c.execution,
                c.execution.failStep,
                executionV1.FailStepRequest.fromPartial({
                  instanceId,
                  activationId: a.activationId,
                  reason: step.fail,
                  idempotencyKey: `fail:${key}`,
                }),
                actor,
              ),
            counter,
          );
        } else {
          await this.retrying(
            () =>
              c.call(
                c.execution,
                c.execution.completeStep,
                executionV1.CompleteStepRequest.fromPartial({
                  instanceId,
                  activationId: a.activationId,
                  output: step.output ?? {},
                  outcome: step.outcome ?? '',
                  idempotencyKey: `complete:${key}`,
                }),
                actor,
              ),
            counter,
          );
        }
        done.add(a.activationId);
        this.stepsEnded += 1;
      }
      return undefined;
    }).catch((error: Error) => {
      throw new Error(`${error.message} (${describe()})`);
    });
  }

  /** Polls `probe` every 100 ms until it returns a value; errors other than retried codes end it. */
  async until<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await probe();
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
      await sleep(100);
    }
  }
}
