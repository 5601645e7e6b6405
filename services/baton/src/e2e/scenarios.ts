import type { analyticsV1, executionV1 } from '@baton/contracts';
import type { BatonClients } from './baton-clients';

/** A trigger as an internal system publishes it on `baton.triggers.v1`. */
export interface ProducedTrigger {
  readonly type: string;
  readonly correlationKey: string;
  readonly idempotencyKey: string;
  readonly payload: Record<string, unknown>;
}

/** What a scenario needs from the mode it runs in. */
export interface ScenarioWorld {
  readonly clients: BatonClients;
  /** Publishes a trigger the way internal systems do: Kafka when distributed, the bus when embedded. */
  produceTrigger(trigger: ProducedTrigger): Promise<void>;
  /** Moves the shared controlled clock forward. */
  advanceClock(ms: number): void;
  /** Lets the ownership deadline scheduler look at the clock now. */
  tickDeadlines(): Promise<void>;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * The seeded directory's only `it-lead`, whom provision-it's escalation reassigns to. She is also
 * in the IT service desk, so least-loaded may have assigned her in the first place (when her
 * colleagues hold more open work): then the reassignment keeps her.
 */
const IT_LEAD = 'maya.cohen';

/** Polls until `probe` returns a value (not undefined) or the time is up. */
export async function eventually<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

const activationOf = (instance: executionV1.Instance, stepId: string, attempt = 1) =>
  instance.activations.find((a) => a.stepId === stepId && a.attempt === attempt);

/** Waits until the step's activation is assigned (by ownership's policies) and returns it. */
async function assigned(world: ScenarioWorld, instanceId: string, stepId: string, attempt = 1) {
  return eventually(`${stepId}#${attempt} assigned`, async () => {
    const a = activationOf(await world.clients.getInstance(instanceId), stepId, attempt);
    return a?.assigneePersonId ? a : undefined;
  });
}

/** The assignee starts and completes the step. */
async function work(
  world: ScenarioWorld,
  instanceId: string,
  activation: executionV1.StepActivation,
  output: Record<string, unknown>,
): Promise<executionV1.CompleteStepResponse> {
  const person = activation.assigneePersonId;
  await world.clients.startStep(instanceId, activation.activationId, person);
  return world.clients.completeStep(instanceId, activation.activationId, person, output);
}

async function instanceStartedBy(world: ScenarioWorld, definitionId: string, businessKey: string) {
  return eventually(`an instance of ${definitionId} for ${businessKey}`, async () => {
    const listed = await world.clients.listInstances(definitionId);
    return listed.instances.find((i) => i.businessKey === businessKey);
  });
}

async function completed(world: ScenarioWorld, instanceId: string) {
  return eventually(`instance ${instanceId} completed`, async () => {
    const i = await world.clients.getInstance(instanceId);
    return i.state === 2 /* INSTANCE_STATE_COMPLETED */ ? i : undefined;
  });
}

/** The audit trail once analytics has seen the instance's last event. */
async function fullTrail(
  world: ScenarioWorld,
  instance: executionV1.Instance,
): Promise<analyticsV1.AuditEntry[]> {
  return eventually(`the audit trail of ${instance.instanceId}`, async () => {
    const trail = await world.clients.auditTrail(instance.instanceId);
    return trail.length === Number(instance.streamVersion) ? trail : undefined;
  });
}

/** What a scenario did, for the test to assert on. */
export interface ScenarioResult {
  readonly instance: executionV1.Instance;
  readonly trail: analyticsV1.AuditEntry[];
  readonly instancesWithKey: number;
}

/**
 * Employee onboarding: a signed offer (trigger, sent twice) starts IT, HR and the hiring manager
 * in parallel; HR and the manager finish; IT misses its deadline, is marked overdue and escalated
 * to the IT lead by reassignment, who finishes; the join fires, day one completes the instance.
 */
export async function onboarding(world: ScenarioWorld, startedAt: number): Promise<ScenarioResult> {
  const people = (await world.clients.listPeople()).people;
  const manager = people[0]?.personId;
  if (!manager) throw new Error('the directory has no people: was it seeded?');
  const candidateId = `cand-${startedAt.toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  const startDate = new Date(startedAt + 10 * DAY).toISOString().slice(0, 10);
  const offer: ProducedTrigger = {
    type: 'hr.offer.signed',
    correlationKey: candidateId,
    idempotencyKey: `offer-signed-${candidateId}`,
    payload: {
      candidateId,
      candidateName: 'Ada Lovelace',
      startDate,
      hiringManagerId: manager,
      jobTitle: 'Analyst',
      department: 'engineering',
      workLocation: 'London',
    },
  };
  await world.produceTrigger(offer);
  await world.produceTrigger(offer); // a redelivery: must start nothing
  const { instanceId } = await instanceStartedBy(world, 'employee-onboarding', candidateId);

  const it = await assigned(world, instanceId, 'provision-it');
  const hr = await assigned(world, instanceId, 'process-paperwork');
  const orientation = await assigned(world, instanceId, 'prepare-orientation');
  expect(orientation.assigneePersonId).toBe(manager);
  await work(world, instanceId, hr, { employeeId: 'E-1001', payrollEnrolled: true });
  await work(world, instanceId, orientation, {
    buddyId: 'buddy-7',
    orientationAt: new Date(startedAt + 10 * DAY + HOUR).toISOString(),
  });

  // IT never picks it up: past its deadline the scheduler marks it overdue and reassigns it.
  const due = it.dueAt?.getTime();
  if (due === undefined) throw new Error('provision-it has no deadline');
  world.advanceClock(due - startedAt + 60_000);
  const escalated = await eventually('provision-it escalated to the IT lead', async () => {
    await world.tickDeadlines();
    const a = activationOf(await world.clients.getInstance(instanceId), 'provision-it');
    return a?.overdue && a.escalationLevel === 1 && a.assigneePersonId === IT_LEAD ? a : undefined;
  });
  await work(world, instanceId, escalated, { laptopSerial: 'LT-42', workEmail: 'ada@example.com' });

  const dayOne = await assigned(world, instanceId, 'welcome-on-day-one');
  await work(world, instanceId, dayOne, { firstDayCompleted: true });
  const instance = await completed(world, instanceId);
  const listed = await world.clients.listInstances('employee-onboarding');
  return {
    instance,
    trail: await fullTrail(world, instance),
    instancesWithKey: listed.instances.filter((i) => i.businessKey === candidateId).length,
  };
}

/**
 * Order to cash with its reconciliation loop: the invoice fails to match once, RevOps reconciles,
 * the second invoice goes through, fulfilment and delivery follow, and the payment system's
 * trigger completes the wait for payment.
 */
export async function orderToCash(world: ScenarioWorld, startedAt: number): Promise<ScenarioResult> {
  const orderId = `SO-${startedAt.toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  await world.produceTrigger({
    type: 'commerce.order.placed',
    correlationKey: orderId,
    idempotencyKey: `order-placed-${orderId}`,
    payload: {
      orderId,
      customerId: 'C-77',
      orderTotal: 1200,
      currency: 'EUR',
      lineItems: [{ sku: 'DESK-1', quantity: 4 }],
      shippingAddress: { city: 'Lyon', country: 'FR' },
    },
  });
  const { instanceId } = await instanceStartedBy(world, 'order-to-cash', orderId);
  const c = world.clients;

  await work(world, instanceId, await assigned(world, instanceId, 'confirm-terms'), {
    paymentTerms: 'net-30',
    discountPercent: 5,
  });
  await work(world, instanceId, await assigned(world, instanceId, 'set-up-billing'), {
    billingAccountId: 'BA-9',
  });

  // The billing system (automated step) fails: the invoice does not match the order.
  const firstInvoice = await eventually('issue-invoice activated', async () =>
    activationOf(await c.getInstance(instanceId), 'issue-invoice'),
  );
  await c.startStep(instanceId, firstInvoice.activationId, 'billing-system');
  await c.failStep(
    instanceId,
    firstInvoice.activationId,
    'invoice total 1,140.00 differs from order 1,200.00',
  );
  await work(world, instanceId, await assigned(world, instanceId, 'reconcile-invoice'), {
    reconciliationNote: 'discount applied twice; corrected',
  });
  const secondInvoice = await eventually('issue-invoice activated again', async () =>
    activationOf(await c.getInstance(instanceId), 'issue-invoice', 2),
  );
  await c.startStep(instanceId, secondInvoice.activationId, 'billing-system');
  const invoiceDueDate = new Date(startedAt + 30 * DAY).toISOString().slice(0, 10);
  await c.completeStep(instanceId, secondInvoice.activationId, 'billing-system', {
    invoiceId: 'INV-5',
    invoiceDueDate,
  });

  await work(world, instanceId, await assigned(world, instanceId, 'fulfil-order'), { shipmentId: 'SH-3' });
  await work(world, instanceId, await assigned(world, instanceId, 'confirm-delivery'), {
    deliveryConfirmedAt: new Date(startedAt + 2 * DAY).toISOString(),
  });
  await eventually('collect-payment waiting', async () =>
    activationOf(await c.getInstance(instanceId), 'collect-payment'),
  );
  await world.produceTrigger({
    type: 'payments.payment.received',
    correlationKey: orderId,
    idempotencyKey: `payment-${orderId}`,
    payload: { orderId, amountPaid: 1200, paidAt: new Date(startedAt + 20 * DAY).toISOString() },
  });
  const instance = await completed(world, instanceId);
  const listed = await c.listInstances('order-to-cash');
  return {
    instance,
    trail: await fullTrail(world, instance),
    instancesWithKey: listed.instances.filter((i) => i.businessKey === orderId).length,
  };
}
