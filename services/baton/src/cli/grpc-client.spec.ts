import { executionV1 } from '@baton/contracts';
import { resolve } from 'node:path';
import type { DemoSummary } from './demo/stats';
import { startTestServer, type TestServer } from './test-server';
import { runCaptured } from './testing';
import type { Trail } from './trail';

const examples = resolve(__dirname, '../../../../examples');

// The CLI against a real grpc-js server that implements just the RPCs it calls (see
// test-server.ts), until the services land; then the same runs go against Baton itself.
describe('baton CLI over gRPC', () => {
  let server: TestServer;
  const baton = (...argv: string[]) => runCaptured(['--address', server.address, ...argv]);

  beforeAll(async () => {
    server = await startTestServer();
    const published = await baton('demo', '--instances', '0', '--examples', examples);
    expect(published.code).toBe(2); // --instances must be positive: nothing published
    await baton('definition', 'publish', resolve(examples, 'order-to-cash.yaml'), '--note', 'first');
  });
  afterAll(() => server.stop());

  it('sends tenant and actor as metadata and the data as a Struct', async () => {
    const { code, out } = await runCaptured([
      '--address',
      server.address,
      '--tenant',
      'acme',
      '--actor',
      'alice',
      'instance',
      'start',
      'order-to-cash',
      '--key',
      'o-1',
      '--data',
      '{"orderId":"o-1","orderTotal":120.5}',
    ]);
    expect(code).toBe(0);
    expect(out).toMatch(/^started: i-\d+/);
    const call = server.calls.find((c) => c.method === 'startInstance');
    expect(call?.context).toMatchObject({ tenantId: 'acme', actor: 'alice' });
    expect((call?.request as executionV1.StartInstanceRequest).data).toEqual({
      orderId: 'o-1',
      orderTotal: 120.5,
    });
  });

  it('shows an instance as a table and as JSON', async () => {
    const started = JSON.parse(
      (await baton('--json', 'instance', 'start', 'order-to-cash', '--key', 'o-2')).out,
    );
    const id = started.instance.instanceId as string;
    const text = await baton('instance', 'show', id);
    expect(text.out).toMatch(/state:\s+running/);
    expect(text.out).toMatch(/ACTIVATION\s+STEP\s+KIND\s+STATE/);
    expect(text.out).toMatch(/confirm-terms#1\s+confirm-terms\s+.*activated/);
    const json = JSON.parse((await baton('instance', 'show', id, '--json')).out);
    expect(json.instance.activations[0]).toMatchObject({
      stepId: 'confirm-terms',
      state: 'STEP_STATE_ACTIVATED',
    });
  });

  it('moves a step through assign, start and complete, and prints the hand-off', async () => {
    const id = JSON.parse((await baton('--json', 'instance', 'start', 'order-to-cash', '--key', 'o-3')).out)
      .instance.instanceId;
    expect((await baton('step', 'assign', id, 'confirm-terms#1', '--person', 'bob')).code).toBe(0);
    expect((await baton('step', 'start', id, 'confirm-terms#1', '--person', 'bob')).code).toBe(0);
    const done = await baton(
      '--actor',
      'bob',
      'step',
      'complete',
      id,
      'confirm-terms#1',
      '--output',
      '{"paymentTerms":"net-30"}',
    );
    expect(done.code).toBe(0);
    expect(done.out).toContain('completed: confirm-terms [confirm-terms#1] completed (bob)');
    expect(done.out).toContain('→ set-up-billing [set-up-billing#1] activated');
    expect(server.instances.get(id)?.data).toMatchObject({ paymentTerms: 'net-30' });
  });

  it('prints FAILED_PRECONDITION with its details and exits 1', async () => {
    const id = JSON.parse((await baton('--json', 'instance', 'start', 'order-to-cash', '--key', 'o-4')).out)
      .instance.instanceId;
    const { code, err } = await baton('step', 'complete', id, 'confirm-terms#1');
    expect(code).toBe(1);
    expect(err).toContain('error: FAILED_PRECONDITION: activation confirm-terms#1 is STEP_STATE_ACTIVATED');
    expect(err).toContain('reason: STEP.WRONG_STATE (baton.execution)');
    expect(err).toContain('precondition STEP.WRONG_STATE (current: STEP_STATE_ACTIVATED)');
  });

  it('prints NOT_FOUND as JSON on stderr with --json', async () => {
    const { code, err, out } = await baton('instance', 'show', 'nope', '--json');
    expect(code).toBe(1);
    expect(out).toBe('');
    expect(JSON.parse(err).error).toMatchObject({
      status: 'NOT_FOUND',
      reason: 'INSTANCE.NOT_FOUND',
      resource: { type: 'instance', name: 'nope' },
    });
  });

  it('derives the audit trail from GetInstance when analytics answers UNIMPLEMENTED, and says so', async () => {
    const id = JSON.parse((await baton('--json', 'instance', 'start', 'order-to-cash', '--key', 'o-5')).out)
      .instance.instanceId;
    await baton('step', 'assign', id, 'confirm-terms#1', '--person', 'bob');
    await baton('step', 'start', id, 'confirm-terms#1', '--person', 'bob');
    await baton('step', 'complete', id, 'confirm-terms#1', '--person', 'bob');
    const trail = JSON.parse((await baton('instance', 'trail', id, '--json')).out) as Trail;
    expect(trail.source).toBe('instance');
    expect(trail.note).toBe('analytics GetAuditTrail answered UNIMPLEMENTED');
    expect(trail.entries.map((e) => `${e.event} ${e.stepId}`)).toEqual([
      'InstanceStarted ',
      'StepActivated confirm-terms',
      'StepAssigned confirm-terms',
      'StepStarted confirm-terms',
      'StepCompleted confirm-terms',
      'StepActivated set-up-billing',
    ]);
    expect((await baton('instance', 'trail', id)).out).toMatch(
      /^source: derived from GetInstance \(analytics GetAuditTrail answered UNIMPLEMENTED\)/,
    );
  });

  it('publishes a trigger with its payload and shows what it did', async () => {
    const { code, out, err } = await baton(
      'trigger',
      'publish',
      'commerce.order.placed',
      '--key',
      'o-9',
      '--payload',
      '{"orderId":"o-9"}',
      '--idempotency-key',
      'k-9',
    );
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toMatch(/disposition:\s+accepted/);
    const request = server.calls.filter((c) => c.method === 'publishTrigger').at(-1)
      ?.request as executionV1.PublishTriggerRequest;
    expect(request.trigger).toMatchObject({
      type: 'commerce.order.placed',
      correlationKey: 'o-9',
      idempotencyKey: 'k-9',
      payload: { orderId: 'o-9' },
    });
  });

  it('lists work of a team and lints remotely', async () => {
    const work = await baton('work', 'list', '--team', 'sales');
    expect(work.out).toMatch(/confirm-terms#1/);
    const lint = await baton('definition', 'lint', resolve(examples, 'order-to-cash.yaml'), '--remote');
    expect(lint.code).toBe(1);
    expect(lint.out).toMatch(/error\s+6:5\s+step-without-owner\s+steps\[a\]\.owner\s+no owner/);
    expect(lint.out).toContain('(remote)');
  });

  it('runs the demo to the end: publishes the missing processes, starts by API and trigger, reworks, fires wait triggers', async () => {
    const { code, out } = await baton(
      'demo',
      '--instances',
      '10',
      '--concurrency',
      '3',
      '--duration',
      '30',
      '--assign-grace',
      '0',
      '--rework-rate',
      '0.5',
      '--examples',
      examples,
      '--json',
    );
    const summary = JSON.parse(out) as DemoSummary & { setup: string[] };
    expect(summary.errors).toEqual({});
    expect(code).toBe(0);
    expect(summary.setup).toEqual(
      expect.arrayContaining([
        'order-to-cash: version 1 already published',
        'budget-approval: published version 1',
      ]),
    );
    expect(summary.instances).toMatchObject({
      started: 10,
      completed: 10,
      startedByTrigger: 3,
      unfinished: 0,
    });
    expect(Object.keys(summary.perDefinition)).toHaveLength(5);
    expect(summary.triggersPublished).toBeGreaterThanOrEqual(2); // order-to-cash waits for payments
    expect(summary.reworks).toBeGreaterThan(0);
    expect(summary.transitions).toBeGreaterThan(50);
  }, 60_000);
});
