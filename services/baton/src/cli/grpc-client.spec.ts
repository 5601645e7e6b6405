import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startEmbeddedHost, type EmbeddedHost } from '../embedded-host';
import type { DemoSummary } from './demo/stats';
import { runCaptured } from './testing';
import type { Trail } from './trail';

const examples = resolve(__dirname, '../../../../examples');

interface ActivationJson {
  activationId: string;
  stepId: string;
  state: string;
  assigneePersonId?: string;
  outcome?: string;
}
interface InstanceJson {
  instanceId: string;
  state: string;
  data: Record<string, unknown>;
  activations: ActivationJson[];
  startedBy?: { id: string };
}

const order = (orderId: string) =>
  JSON.stringify({
    orderId,
    customerId: 'c-7',
    orderTotal: 120.5,
    currency: 'EUR',
    lineItems: [{ sku: 'A-1', quantity: 2 }],
    shippingAddress: { city: 'Lyon' },
  });
const vendor = (vendorId: string) =>
  JSON.stringify({ vendorId, vendorName: 'Acme Parts', requestedBy: 'zoe.clark', annualSpend: 50000 });

// Every command of the CLI against the real Baton: the embedded host (all four services, SQLite,
// the in-process bus) seeded with the reference processes and the directory of 30 people.
describe('baton CLI against the embedded Baton', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'baton-cli-'));
  let host: EmbeddedHost;
  const address = () => `127.0.0.1:${host.port}`;
  const baton = (...argv: string[]) => runCaptured(['--address', address(), ...argv]);
  const ok = async (...argv: string[]) => {
    const r = await baton(...argv);
    if (r.code !== 0) throw new Error(`baton ${argv.join(' ')} exited ${r.code}: ${r.err}`);
    return r.out;
  };
  const okJson = async <T>(...argv: string[]): Promise<T> => JSON.parse(await ok('--json', ...argv)) as T;
  const show = async (id: string, ...globals: string[]) =>
    (await okJson<{ instance: InstanceJson }>(...globals, 'instance', 'show', id)).instance;
  const start = async (definitionId: string, key: string, data: string, ...globals: string[]) =>
    (
      await okJson<{ instance: InstanceJson }>(
        ...globals,
        'instance',
        'start',
        definitionId,
        '--key',
        key,
        '--data',
        data,
      )
    ).instance.instanceId;

  /** Waits until `check` finds what it wants in the instance (the services work asynchronously). */
  const until = async <T>(
    id: string,
    check: (i: InstanceJson) => T | undefined,
    what: string,
  ): Promise<T> => {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const instance = await show(id);
      const found = check(instance);
      if (found !== undefined) return found;
      if (Date.now() > deadline)
        throw new Error(`timed out waiting for ${what}: ${JSON.stringify(instance)}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  };
  /** The activation ownership has assigned, once it has. */
  const assigned = (id: string, activationId: string) =>
    until(
      id,
      (i) => i.activations.find((a) => a.activationId === activationId && a.state === 'STEP_STATE_ASSIGNED'),
      `${activationId} assigned`,
    );
  /** Starts and completes an activation as the person ownership assigned it to. */
  const work = async (id: string, activationId: string, output: object, ...extra: string[]) => {
    const { assigneePersonId } = await assigned(id, activationId);
    const person = assigneePersonId as string;
    await ok('step', 'start', id, activationId, '--person', person);
    return ok(
      'step',
      'complete',
      id,
      activationId,
      '--person',
      person,
      '--output',
      JSON.stringify(output),
      ...extra,
    );
  };
  // The audit trail is a projection: it shows a write a moment later (its batches linger 100 ms),
  // so wait until it holds every event the instance has recorded (until then the CLI derives one).
  const fullTrail = async (id: string, ...globals: string[]): Promise<Trail> => {
    const { streamVersion } = (await show(id, ...globals)) as InstanceJson & { streamVersion: number };
    for (let waited = 0; ; waited += 50) {
      const trail = await okJson<Trail>(...globals, 'instance', 'trail', id);
      const complete = trail.source === 'analytics' && trail.entries.length >= streamVersion;
      if (complete || waited >= 10_000) return trail;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  const trailOf = async (id: string) => (await fullTrail(id)).entries;

  beforeAll(async () => {
    host = await startEmbeddedHost({ address: '127.0.0.1:0', dataDir, seed: true, examplesDir: examples });
  });
  afterAll(async () => {
    await host.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('sends tenant and actor as metadata: the instance and its audit trail record them', async () => {
    const acme = ['--tenant', 'acme', '--actor', 'alice.martin'];
    // Seeds are the default tenant's: acme publishes its own order-to-cash first.
    await ok(...acme, 'definition', 'publish', join(examples, 'order-to-cash.yaml'));
    let id = '';
    // Execution learns the definition from the bus a moment after it is published.
    for (let i = 0; !id; i++) {
      try {
        id = await start('order-to-cash', 'o-1', order('o-1'), ...acme);
      } catch (error) {
        if (i > 200 || !String(error).includes('NOT_FOUND')) throw error;
        await new Promise((r) => setTimeout(r, 25));
      }
    }
    // Another tenant's instance does not exist for the default tenant.
    expect((await baton('instance', 'show', id)).code).not.toBe(0);
    const instance = await show(id, ...acme);
    expect(instance.startedBy?.id).toBe('alice.martin');
    expect(instance.data).toMatchObject({
      orderId: 'o-1',
      orderTotal: 120.5,
      shippingAddress: { city: 'Lyon' },
    });
    expect(await ok(...acme, 'instance', 'show', id)).toMatch(/started:\s+\S+ by alice\.martin/);
    const trail = await fullTrail(id, ...acme);
    expect(trail.source).toBe('analytics');
    expect(trail.entries[0]).toMatchObject({
      event: 'InstanceStarted',
      actor: 'alice.martin',
      tenant: 'acme',
    });
  });

  it('shows definitions and instances as tables and as JSON', async () => {
    const list = await ok('definition', 'list');
    expect(list).toMatch(/ID\s+VERSION\s+STATE\s+NAME\s+STEPS/);
    for (const d of [
      'budget-approval',
      'client-lifecycle',
      'employee-onboarding',
      'order-to-cash',
      'vendor-management',
    ])
      expect(list).toMatch(new RegExp(`^${d}\\s+1\\s+active`, 'm'));
    const definition = await ok('definition', 'show', 'order-to-cash');
    expect(definition).toMatch(/triggers:\s+commerce\.order\.placed/);
    expect(definition).toMatch(/collect-payment\s+wait-for-event\s+Collections follows up until paid/);

    const id = await start('order-to-cash', 'o-2', order('o-2'));
    const { assigneePersonId } = await assigned(id, 'confirm-terms#1');
    const text = await ok('instance', 'show', id);
    expect(text).toMatch(/state:\s+running/);
    expect(text).toMatch(/ACTIVATION\s+STEP\s+KIND\s+STATE\s+ASSIGNEE\s+TEAM/);
    expect(text).toMatch(
      new RegExp(
        `confirm-terms#1\\s+confirm-terms\\s+human-task\\s+assigned\\s+${assigneePersonId}\\s+sales`,
      ),
    );
    const json = await show(id);
    expect(json.activations).toEqual([
      expect.objectContaining({ stepId: 'confirm-terms', state: 'STEP_STATE_ASSIGNED', teamId: 'sales' }),
    ]);
    const listed = await ok('instance', 'list', '--definition', 'order-to-cash');
    expect(listed).toContain(id);
  });

  it('moves order-to-cash through assign, start, complete and a failing automated step into its exception path', async () => {
    const id = await start('order-to-cash', 'o-3', order('o-3'));
    const { assigneePersonId: first } = await assigned(id, 'confirm-terms#1');
    // Ownership assigned it already: AssignStep is refused, ReassignStep hands it over.
    const assign = await baton('step', 'assign', id, 'confirm-terms#1', '--person', 'farid.haddad');
    expect(assign.code).toBe(1);
    expect(assign.err).toMatch(/^error: FAILED_PRECONDITION: .*already assigned; use ReassignStep/);
    expect(assign.err).toContain('reason: STEP.ALREADY_ASSIGNED (baton.execution)');
    expect(assign.err).toMatch(/^ {2}allowed now: .*ReassignStep/m);
    const manager = first === 'farid.haddad' ? 'sam.taylor' : 'farid.haddad';
    expect(
      await ok('step', 'reassign', id, 'confirm-terms#1', '--person', manager, '--reason', 'key account'),
    ).toMatch(new RegExp(`^reassigned: confirm-terms \\[confirm-terms#1\\] assigned \\(${manager}\\)`));
    await ok('step', 'start', id, 'confirm-terms#1', '--person', manager);
    const done = await ok(
      'step',
      'complete',
      id,
      'confirm-terms#1',
      '--person',
      manager,
      '--output',
      '{"paymentTerms":"net-30","discountPercent":5}',
    );
    expect(done).toContain(`completed: confirm-terms [confirm-terms#1] completed (${manager})`);
    expect(done).toContain('→ set-up-billing [set-up-billing#1] activated');
    expect((await show(id)).data).toMatchObject({ paymentTerms: 'net-30', discountPercent: 5 });
    await work(id, 'set-up-billing#1', { billingAccountId: 'ba-3' });

    // The billing system claims the automated step and reports a mismatch: RevOps reconciles.
    await ok('--actor', 'system:billing-system', 'step', 'start', id, 'issue-invoice#1');
    const failed = await ok(
      '--actor',
      'system:billing-system',
      'step',
      'fail',
      id,
      'issue-invoice#1',
      '--reason',
      'invoice total differs from the order',
      '--error-code',
      'MISMATCH',
    );
    expect(failed).toContain('failed: issue-invoice [issue-invoice#1] failed');
    expect(failed).toContain('→ reconcile-invoice [reconcile-invoice#1] activated');
    await work(id, 'reconcile-invoice#1', { reconciliationNote: 'lines fixed' });
    const instance = await show(id);
    expect(instance.activations.map((a) => `${a.activationId} ${a.state}`)).toEqual([
      'confirm-terms#1 STEP_STATE_COMPLETED',
      'set-up-billing#1 STEP_STATE_COMPLETED',
      'issue-invoice#1 STEP_STATE_FAILED',
      'reconcile-invoice#1 STEP_STATE_COMPLETED',
      expect.stringMatching(/^issue-invoice#2 STEP_STATE_(ACTIVATED|ASSIGNED)$/),
    ]);
    expect(first).toBeTruthy();

    // Every transition, in order, from the analytics audit trail.
    const trail = await trailOf(id);
    expect(trail.map((e) => `${e.event} ${e.activationId}`.trim())).toEqual([
      'InstanceStarted',
      'StepActivated confirm-terms#1',
      'StepAssigned confirm-terms#1',
      'StepReassigned confirm-terms#1',
      'StepStarted confirm-terms#1',
      'StepCompleted confirm-terms#1',
      'StepActivated set-up-billing#1',
      'StepAssigned set-up-billing#1',
      'StepStarted set-up-billing#1',
      'StepCompleted set-up-billing#1',
      'StepActivated issue-invoice#1',
      ...trail.slice(11, trail.length).map(() => expect.any(String)),
    ]);
    const text = await ok('instance', 'trail', id);
    expect(text).toMatch(/^source: analytics audit trail \(every recorded event\)/);
    expect(text).toMatch(new RegExp(`StepStarted\\s+confirm-terms\\s+confirm-terms#1\\s+${manager}`));
    expect(text).toMatch(/StepFailed\s+issue-invoice\s+issue-invoice#1\s+system:billing-system/);
  });

  it('rejects an approval back to the step it reworks', async () => {
    const id = await start('vendor-management', 'v-1', vendor('v-1'));
    await work(id, 'collect-documentation#1', {
      taxId: 'FR-1',
      contractDraftUrl: 'https://x/c',
      insuranceCertificateUrl: 'https://x/i',
      bankDetails: { iban: 'FR76' },
    });
    const { assigneePersonId } = await assigned(id, 'review-contract#1');
    const lawyer = assigneePersonId as string;
    await ok('step', 'start', id, 'review-contract#1', '--person', lawyer);
    const rejected = await ok(
      'step',
      'reject',
      id,
      'review-contract#1',
      '--person',
      lawyer,
      '--outcome',
      'rejected',
      '--reason',
      'liability clause missing',
    );
    expect(rejected).toContain('→ collect-documentation [collect-documentation#2] activated');
    const instance = await show(id);
    expect(instance.activations.find((a) => a.activationId === 'review-contract#1')).toMatchObject({
      outcome: 'rejected',
    });
    const trail = await trailOf(id);
    expect(trail.filter((e) => e.activationId === 'review-contract#1').map((e) => e.event)).toEqual([
      'StepActivated',
      'StepAssigned',
      'StepStarted',
      expect.stringMatching(/^Step(Completed|Failed|Rejected)$/),
    ]);
    expect(trail.at(-1)?.activationId).toMatch(/^collect-documentation#2$/);
  });

  it('renders FAILED_PRECONDITION with the current state and the allowed commands, and exits 1', async () => {
    const id = await start('order-to-cash', 'o-4', order('o-4'));
    await assigned(id, 'confirm-terms#1');
    const { code, out, err } = await baton(
      'step',
      'complete',
      id,
      'confirm-terms#1',
      '--person',
      'farid.haddad',
    );
    expect(code).toBe(1);
    expect(out).toBe('');
    expect(err).toMatch(/^error: FAILED_PRECONDITION: .*confirm-terms#1 is not started/);
    expect(err).toContain('reason: STEP.NOT_STARTED (baton.execution)');
    expect(err).toMatch(/^ {2}current state: assigned$/m);
    expect(err).toMatch(/^ {2}allowed now: StartStep, ReassignStep, FailStep, MarkStepOverdue$/m);
    expect(err).toMatch(/^ {2}activationId=confirm-terms#1$/m);
    const asJson = JSON.parse((await baton('--json', 'step', 'complete', id, 'confirm-terms#1')).err);
    expect(asJson.error).toMatchObject({
      status: 'FAILED_PRECONDITION',
      reason: 'STEP.NOT_STARTED',
      metadata: { currentState: 'assigned', activationId: 'confirm-terms#1' },
    });
    expect(JSON.parse(asJson.error.metadata.allowed)).toContain('StartStep');
  });

  it('prints NOT_FOUND with the resource, as JSON on stderr with --json', async () => {
    const text = await baton('instance', 'show', 'nope');
    expect(text.code).toBe(1);
    expect(text.err).toContain('error: NOT_FOUND: instance nope does not exist');
    const { code, err, out } = await baton('instance', 'show', 'nope', '--json');
    expect(code).toBe(1);
    expect(out).toBe('');
    expect(JSON.parse(err).error).toMatchObject({
      status: 'NOT_FOUND',
      reason: 'INSTANCE.NOT_FOUND',
      resource: { type: 'baton.execution.v1.Instance', name: 'nope' },
    });
    expect((await baton('definition', 'show', 'no-such-process')).err).toMatch(/^error: NOT_FOUND/);
  });

  it('prints INVALID_ARGUMENT with its field violations', async () => {
    const missingKey = await baton('instance', 'start', 'order-to-cash', '--key', '', '--data', order('o-5'));
    expect(missingKey.code).toBe(1);
    expect(missingKey.err).toMatch(/^error: INVALID_ARGUMENT/);
    expect(missingKey.err).toMatch(/field business_?[kK]ey: /);
    const missingData = await baton(
      'instance',
      'start',
      'order-to-cash',
      '--key',
      'o-6',
      '--data',
      '{"orderId":"o-6"}',
    );
    expect(missingData.code).toBe(1);
    expect(missingData.err).toMatch(/^error: INVALID_ARGUMENT/);
    expect(missingData.err).toMatch(/field \S*customerId\S*: /);
    // A usage mistake never reaches the server.
    const usage = await baton('instance', 'start', 'order-to-cash');
    expect(usage.code).toBe(2);
    expect(usage.err).toContain("required option '--key <businessKey>' not specified");
  });

  it('lists the work ownership assigned, by person and by team', async () => {
    const id = await start('order-to-cash', 'o-7', order('o-7'));
    const { assigneePersonId } = await assigned(id, 'confirm-terms#1');
    const person = assigneePersonId as string;
    const mine = await ok('work', 'list', '--person', person);
    expect(mine).toMatch(/INSTANCE\s+ACTIVATION\s+DEFINITION\s+BUSINESS KEY\s+STEP\s+STATE\s+ASSIGNEE/);
    expect(mine).toMatch(
      new RegExp(
        `${id}\\s+confirm-terms#1\\s+order-to-cash\\s+o-7\\s+confirm-terms\\s+assigned\\s+${person}`,
      ),
    );
    const team = await okJson<{ workItems: { instanceId: string; activation: { activationId: string } }[] }>(
      'work',
      'list',
      '--team',
      'sales',
    );
    expect(team.workItems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          instanceId: id,
          activation: expect.objectContaining({ activationId: 'confirm-terms#1' }),
        }),
      ]),
    );
    const other = await okJson<{ workItems?: { instanceId: string }[] }>(
      'work',
      'list',
      '--team',
      'collections',
    );
    expect((other.workItems ?? []).map((w) => w.instanceId)).not.toContain(id);
  });

  it('starts an instance by its start trigger and completes its wait step by a correlated trigger', async () => {
    const started = await baton(
      'trigger',
      'publish',
      'commerce.order.placed',
      '--key',
      'o-8',
      '--payload',
      order('o-8'),
      '--idempotency-key',
      'placed-o-8',
    );
    expect(started.err).toBe('');
    expect(started.out).toMatch(/disposition:\s+accepted/);
    const id = /started:\s+(\S+)/.exec(started.out)?.[1] as string;
    expect(id).toBeTruthy();
    const again = await okJson<{ disposition: string; startedInstanceIds?: string[] }>(
      'trigger',
      'publish',
      'commerce.order.placed',
      '--key',
      'o-8',
      '--payload',
      order('o-8'),
      '--idempotency-key',
      'placed-o-8',
    );
    expect(again.startedInstanceIds ?? []).not.toContain('x'); // a duplicate starts nothing new
    expect(await show(id)).toMatchObject({ data: { orderId: 'o-8', customerId: 'c-7' } });

    await work(id, 'confirm-terms#1', { paymentTerms: 'net-30', discountPercent: 0 });
    await work(id, 'set-up-billing#1', { billingAccountId: 'ba-8' });
    await ok('--actor', 'system:billing-system', 'step', 'start', id, 'issue-invoice#1');
    await ok(
      '--actor',
      'system:billing-system',
      'step',
      'complete',
      id,
      'issue-invoice#1',
      '--output',
      '{"invoiceId":"inv-8","invoiceDueDate":"2026-12-31"}',
    );
    await work(id, 'fulfil-order#1', { shipmentId: 's-8' });
    await work(id, 'confirm-delivery#1', { deliveryConfirmedAt: '2026-12-02T10:00:00Z' });
    await until(
      id,
      (i) => i.activations.find((a) => a.activationId === 'collect-payment#1'),
      'collect-payment',
    );

    const paid = await baton(
      'trigger',
      'publish',
      'payments.payment.received',
      '--key',
      'o-8',
      '--payload',
      '{"amountPaid":120.5,"paidAt":"2026-12-20T09:00:00Z"}',
    );
    expect(paid.err).toBe('');
    expect(paid.out).toMatch(/disposition:\s+accepted/);
    expect(paid.out).toMatch(new RegExp(`correlated:\\s+${id}`));
    const done = await until(
      id,
      (i) => (i.state === 'INSTANCE_STATE_COMPLETED' ? i : undefined),
      'completion',
    );
    expect(done.data).toMatchObject({ amountPaid: 120.5 });
    const trail = await trailOf(id);
    expect({ id, trail: trail.map((e) => `${e.event} ${e.activationId}`) }).toEqual({
      id,
      trail: expect.arrayContaining(['TriggerCorrelated collect-payment#1']),
    });
    expect(trail.at(-1)?.event).toBe('InstanceCompleted');
  });

  it('publishes a definition, lists and shows its versions, and lints remotely', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'baton-cli-def-'));
    const file = join(dir, 'expense-claim.yaml');
    writeFileSync(
      file,
      [
        'id: expense-claim',
        'name: Expense claim',
        'category: support',
        'owner: { role: finance-director }',
        'steps:',
        '  - id: review',
        '    name: Finance reviews the claim',
        '    owner: { team: fp-and-a }',
        'handoffs:',
        '  - { from: start, to: review, owner: { role: finance-director } }',
        '  - { from: review, to: end, on: completed }',
        '',
      ].join('\n'),
    );
    // Lint errors block publishing, each shown at its path.
    const blocked = await baton('definition', 'publish', file);
    expect(blocked.code).toBe(1);
    expect(blocked.err).toMatch(/^error: FAILED_PRECONDITION: expense-claim cannot be published/);
    expect(blocked.err).toContain('reason: DEFINITION.LINT_BLOCKED (baton.definition)');
    expect(blocked.err).toMatch(
      /precondition step-without-deadline at steps\[review\]\.deadline: step 'review' has no deadline/,
    );
    expect(blocked.err).toMatch(/^ {2}allowed now: LintDefinition, ValidateDefinition$/m);
    writeFileSync(
      file,
      readFileSync(file, 'utf8').replace(
        '    owner: { team: fp-and-a }',
        '    owner: { team: fp-and-a }\n    deadline: P2D',
      ),
    );
    const published = await baton('definition', 'publish', file, '--note', 'first cut');
    expect(published.err).toBe('');
    expect(published.out).toMatch(/expense-claim.*v(ersion )?1/);
    expect(await ok('definition', 'list')).toMatch(/^expense-claim\s+1\s+active\s+Expense claim\s+1\s/m);
    expect(await ok('definition', 'show', 'expense-claim')).toMatch(/note:\s+first cut/);

    const bad = join(dir, 'bad.yaml');
    const badLines = [
      'id: bad',
      'name: Bad',
      'category: support',
      'owner: { role: finance-director }',
      'steps:',
      '  - id: a',
      '    name: A',
      '    deadline: P1D',
      'handoffs:',
      '  - { from: start, to: a, owner: { role: finance-director }, data: [] }',
      '  - { from: a, to: end, on: completed }',
      '',
    ];
    writeFileSync(bad, badLines.join('\n'));
    const lint = await baton('definition', 'lint', bad, '--remote');
    expect(lint.code).toBe(1);
    expect(lint.out).toMatch(/^.*bad\.yaml: publishing would be refused — 1 error — \(remote\)$/m);
    expect(lint.out).toMatch(
      /^error\s+6:5\s+step-without-owner\s+steps\[a\]\.owner\s+step 'a' has no owner/m,
    );
    // A file that does not parse: the server's field violations, shown as parse errors.
    writeFileSync(bad, badLines.filter((l) => !l.startsWith('category')).join('\n'));
    const invalid = await baton('definition', 'lint', bad, '--remote');
    expect(invalid.code).toBe(1);
    expect(invalid.err).toBe('');
    expect(invalid.out).toMatch(/not a valid definition — 1 error — \(remote\)/);
    expect(invalid.out).toMatch(
      /^error\s+1:1\s+parse\s+category\s+is required \(one of operational, management, support\)/m,
    );
    const clean = await baton('definition', 'lint', resolve(examples, 'order-to-cash.yaml'), '--remote');
    expect(clean.code).toBe(0);
    expect(clean.out).toMatch(/ok — no findings — \(remote\)/);
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs the demo to the end: ten instances by API and trigger, reworks, wait triggers, no errors', async () => {
    const { code, out, err } = await baton(
      'demo',
      '--instances',
      '10',
      '--concurrency',
      '4',
      '--duration',
      '60',
      '--rework-rate',
      '0.5',
      '--examples',
      examples,
      '--json',
    );
    const summary = JSON.parse(out) as DemoSummary & { setup: string[] };
    expect({ errors: summary.errors, err }).toEqual({ errors: {}, err: '' });
    expect(code).toBe(0);
    expect(summary.setup).toEqual(expect.arrayContaining(['order-to-cash: version 1 already published']));
    expect(summary.instances).toMatchObject({ started: 10, completed: 10, unfinished: 0 });
    expect(summary.instances.startedByTrigger).toBeGreaterThanOrEqual(3);
    expect(Object.keys(summary.perDefinition)).toHaveLength(5);
    expect(summary.triggersPublished).toBeGreaterThanOrEqual(2);
    expect(summary.reworks).toBeGreaterThan(0);
    expect(summary.transitions).toBeGreaterThan(50);

    // As people read it: what was set up first (stderr), the progress line, then the summary.
    const text = await baton('demo', '--instances', '2', '--examples', examples);
    expect(text.code).toBe(0);
    const setupAt = text.err.indexOf('setup: order-to-cash: version 1 already published');
    expect(setupAt).toBeGreaterThanOrEqual(0);
    expect(text.err.indexOf('instances 2/2 started, 2 completed')).toBeGreaterThan(setupAt);
    expect(text.out).toMatch(
      /^demo finished in [\d.]+ m?s\n {2}instances: {3}2 started \(0 by trigger\), 2 completed/,
    );
    expect(text.out).toMatch(/errors: {6}none$/m);
  }, 90_000);
});
