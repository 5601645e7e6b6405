import { executionV1 } from '@baton/contracts';
import type { ManualClock } from '@baton/service-kit';
import type { BatonClients } from '../../../e2e/baton-clients';
import { eventually } from '../../../e2e/scenarios';
import type { BatonConnection } from '../../connection';

export const T0 = Date.parse('2026-03-02T08:00:00Z');
export const MIN = 60_000;
export const DEFINITION = 'vendor-management';
export const COLLECT = 'collect-documentation';
export const REVIEW = 'review-contract';
export const TERMS = 'set-up-payment-terms';
export const ACTIVATE = 'activate-vendor';

/** Who completed each activation, as the run went (instance → activation → person). */
export type Workers = Map<string, Map<string, string>>;

/**
 * Drives instances of the reference vendor-management process through the execution gRPC API
 * on a manual clock, so every event's time is known: `at(minute)` moves the clock to that many
 * minutes after the instance started, and every action waits for what it caused.
 */
export class VendorDriver {
  readonly workers: Workers = new Map();

  constructor(
    private readonly clock: ManualClock,
    private readonly clients: BatonClients,
    private readonly execution: BatonConnection,
  ) {}

  async start(vendorId: string): Promise<VendorRun> {
    const { instance } = await this.clients.startInstance(DEFINITION, vendorId, {
      vendorId,
      vendorName: `Vendor ${vendorId}`,
      requestedBy: 'zoe.clark',
      annualSpend: 120_000,
    });
    const instanceId = instance?.instanceId;
    if (!instanceId) throw new Error('StartInstance returned no instance');
    this.workers.set(instanceId, new Map());
    return new VendorRun(this, instanceId, this.clock.now());
  }

  /** Moves the clock to that many minutes after T0: the next run starts there. */
  at(minutesAfterT0: number): this {
    this.clock.advance(T0 + minutesAfterT0 * MIN - this.clock.now());
    return this;
  }

  /** The internals a run uses. */
  get deps() {
    return { clock: this.clock, clients: this.clients, execution: this.execution, workers: this.workers };
  }
}

export class VendorRun {
  constructor(
    private readonly driver: VendorDriver,
    readonly instanceId: string,
    readonly startedAt: number,
  ) {}

  private get d() {
    return this.driver.deps;
  }

  at(minute: number): this {
    this.d.clock.advance(this.startedAt + minute * MIN - this.d.clock.now());
    return this;
  }

  /** Waits until ownership's policy assigned the activation (done at the current clock time). */
  async assignedByPolicy(activationId: string): Promise<string> {
    return eventually(`${activationId} assigned`, async () => {
      const instance = await this.d.clients.getInstance(this.instanceId);
      const person = instance.activations.find((a) => a.activationId === activationId)?.assigneePersonId;
      return person || undefined;
    });
  }

  async assign(activationId: string, personId: string): Promise<void> {
    const c = this.d.execution;
    await c.call(
      c.execution,
      c.execution.assignStep,
      executionV1.AssignStepRequest.fromPartial({
        instanceId: this.instanceId,
        activationId,
        personId,
        reason: 'picked by the test',
        idempotencyKey: `assign:${this.instanceId}:${activationId}`,
      }),
    );
  }

  async reassign(activationId: string, toPersonId: string): Promise<void> {
    const c = this.d.execution;
    await c.call(
      c.execution,
      c.execution.reassignStep,
      executionV1.ReassignStepRequest.fromPartial({
        instanceId: this.instanceId,
        activationId,
        toPersonId,
        reason: 'holiday',
        idempotencyKey: `reassign:${this.instanceId}:${activationId}`,
      }),
    );
  }

  async startStep(activationId: string, person: string): Promise<void> {
    await this.d.clients.startStep(this.instanceId, activationId, person);
  }

  async complete(
    activationId: string,
    person: string,
    output: Record<string, unknown>,
    outcome = '',
  ): Promise<void> {
    await this.d.clients.completeStep(this.instanceId, activationId, person, output, outcome);
    this.d.workers.get(this.instanceId)?.set(activationId, person);
  }

  async reject(activationId: string, person: string): Promise<void> {
    const c = this.d.execution;
    await c.call(
      c.execution,
      c.execution.rejectStep,
      executionV1.RejectStepRequest.fromPartial({
        instanceId: this.instanceId,
        activationId,
        reason: 'liability clause missing',
        outcome: 'rejected',
        idempotencyKey: `reject:${this.instanceId}:${activationId}`,
      }),
      { actor: person },
    );
    this.d.workers.get(this.instanceId)?.set(activationId, person);
  }
}

const DOCUMENTS = {
  taxId: 'FR-123',
  contractDraftUrl: 'https://docs.example/contract',
  insuranceCertificateUrl: 'https://docs.example/insurance',
  bankDetails: { iban: 'FR76 0000' },
};
const TERMS_OUTPUT = { paymentTerms: 'net-30', vendorAccountId: 'V-1' };

/**
 * A: reassigned before the start, reviewed, set up, activated.
 * B: rejected once by Legal (rework to Procurement), then through.
 * C: left running in its first step.
 */
export async function driveVendors(
  driver: VendorDriver,
): Promise<{ a: VendorRun; b: VendorRun; c: VendorRun }> {
  const a = await driver.start('vendor-a');
  const first = await a.assignedByPolicy(`${COLLECT}#1`);
  const other = first === 'zoe.clark' ? 'yara.haddad' : 'zoe.clark';
  await a.at(30).reassign(`${COLLECT}#1`, other);
  await a.at(60).startStep(`${COLLECT}#1`, other);
  await a.at(240).complete(`${COLLECT}#1`, other, DOCUMENTS);
  await a.at(300).assign(`${REVIEW}#1`, 'amir.rahman'); // Legal assigns by hand
  await a.at(330).startStep(`${REVIEW}#1`, 'amir.rahman');
  await a.at(420).complete(`${REVIEW}#1`, 'amir.rahman', { contractVersion: 'v3' }, 'approved');
  const payables = await a.assignedByPolicy(`${TERMS}#1`);
  await a.at(480).startStep(`${TERMS}#1`, payables);
  await a.at(540).complete(`${TERMS}#1`, payables, TERMS_OUTPUT);
  await a.at(550).startStep(`${ACTIVATE}#1`, 'erp'); // the ERP claims its automated step
  await a.at(560).complete(`${ACTIVATE}#1`, 'erp', {});

  const b = await driver.at(600).start('vendor-b');
  const collector = await b.assignedByPolicy(`${COLLECT}#1`);
  await b.at(10).startStep(`${COLLECT}#1`, collector);
  await b.at(100).complete(`${COLLECT}#1`, collector, DOCUMENTS);
  await b.at(160).assign(`${REVIEW}#1`, 'xavier.moreau');
  await b.at(170).startStep(`${REVIEW}#1`, 'xavier.moreau');
  await b.at(200).reject(`${REVIEW}#1`, 'xavier.moreau');
  const recollector = await b.assignedByPolicy(`${COLLECT}#2`);
  await b.at(260).startStep(`${COLLECT}#2`, recollector);
  await b.at(320).complete(`${COLLECT}#2`, recollector, DOCUMENTS);
  await b.at(330).assign(`${REVIEW}#2`, 'amir.rahman');
  await b.at(340).startStep(`${REVIEW}#2`, 'amir.rahman');
  await b.at(400).complete(`${REVIEW}#2`, 'amir.rahman', { contractVersion: 'v4' }, 'approved');
  const payablesB = await b.assignedByPolicy(`${TERMS}#1`);
  await b.at(410).startStep(`${TERMS}#1`, payablesB);
  await b.at(470).complete(`${TERMS}#1`, payablesB, TERMS_OUTPUT);
  await b.at(475).startStep(`${ACTIVATE}#1`, 'erp');
  await b.at(480).complete(`${ACTIVATE}#1`, 'erp', {});

  const c = await driver.at(1200).start('vendor-c');
  const starter = await c.assignedByPolicy(`${COLLECT}#1`);
  await c.at(20).startStep(`${COLLECT}#1`, starter);
  return { a, b, c };
}
