import { executionV1 } from '@baton/contracts';
import { analyzeLogFile, ocelProblems, type LogReport, type OcelDocument } from '@baton/event-log';
import { ManualClock } from '@baton/service-kit';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BatonClients, sameAddress } from '../../e2e/baton-clients';
import { eventually } from '../../e2e/scenarios';
import { startEmbeddedHost, type EmbeddedHost } from '../../embedded-host';
import { BatonConnection } from '../connection';
import { runCaptured } from '../testing';

const T0 = Date.parse('2026-03-02T08:00:00Z');
const MIN = 60_000;
const DEFINITION = 'vendor-management';
const COLLECT = 'collect-documentation';
const REVIEW = 'review-contract';
const TERMS = 'set-up-payment-terms';
const ACTIVATE = 'activate-vendor';

/** Who completed each activation, as the run went (instance → activation → person). */
type Workers = Map<string, Map<string, string>>;

/**
 * Drives instances of the reference vendor-management process through the execution gRPC API
 * on a manual clock, so every event's time is known: `at(minute)` moves the clock to that many
 * minutes after the instance started, and every action waits for what it caused.
 */
class VendorDriver {
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

class VendorRun {
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
async function driveVendors(driver: VendorDriver): Promise<{ a: VendorRun; b: VendorRun; c: VendorRun }> {
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

const minutes = (values: number[]) => {
  const sorted = [...values].sort((x, y) => x - y);
  const total = values.reduce((s, v) => s + v, 0);
  return {
    count: values.length,
    totalMs: total * MIN,
    minMs: (sorted[0] ?? 0) * MIN,
    maxMs: (sorted.at(-1) ?? 0) * MIN,
    meanMs: (total / values.length) * MIN,
  };
};

describe('baton export, read back by the XES importer', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'baton-export-'));
  const clock = new ManualClock(T0);
  let host: EmbeddedHost;
  let clients: BatonClients;
  let execution: BatonConnection;
  let runs: Awaited<ReturnType<typeof driveVendors>>;
  let workers: Workers;
  const file = (name: string) => join(dataDir, name);
  const baton = (...argv: string[]) => runCaptured(['export', '--data-dir', dataDir, ...argv]);

  beforeAll(async () => {
    host = await startEmbeddedHost({ address: '127.0.0.1:0', dataDir, clock, seed: true });
    const address = `127.0.0.1:${host.port}`;
    clients = new BatonClients(sameAddress(address));
    execution = new BatonConnection({ address, timeoutMs: 15_000, actor: 'export-spec' });
    const driver = new VendorDriver(clock, clients, execution);
    runs = await driveVendors(driver);
    workers = driver.workers;
  }, 120_000);
  afterAll(async () => {
    execution?.close();
    clients?.close();
    await host?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  describe('as XES', () => {
    let report: LogReport;
    beforeAll(async () => {
      const exported = await baton('--definition', DEFINITION, '--out', file('vendors.xes'));
      expect(exported.err).toBe('');
      expect(exported.code).toBe(0);
      report = (await analyzeLogFile(file('vendors.xes'))).report;
    });

    it('gives one case per instance, with the durations the clock gave them', () => {
      expect(report.log).toMatchObject({ cases: 3, startsWithoutComplete: 1 });
      expect(report.cases).toMatchObject(minutes([560, 480, 20]));
    });

    it('gives every activity instance its work time: start to completion (a rejection completes)', () => {
      const step = (activity: string) => report.steps.find((s) => s.activity === activity);
      expect(step(COLLECT)).toMatchObject({ ...minutes([180, 90, 60]), withoutStart: 0 });
      expect(step(REVIEW)).toMatchObject({ ...minutes([90, 30, 60]), withoutStart: 0 });
      expect(step(TERMS)).toMatchObject(minutes([60, 60]));
      expect(step(ACTIVATE)).toMatchObject(minutes([10, 5]));
      expect(report.steps).toHaveLength(4);
    });

    it('gives every handoff edge its count and times, rework included', () => {
      const edge = (from: string, to: string) => report.handoffs.find((h) => h.from === from && h.to === to);
      expect(edge(COLLECT, REVIEW)).toMatchObject(minutes([90, 70, 20]));
      expect(edge(REVIEW, COLLECT)).toMatchObject(minutes([60]));
      expect(edge(REVIEW, TERMS)).toMatchObject(minutes([60, 10]));
      expect(edge(TERMS, ACTIVATE)).toMatchObject(minutes([10, 5]));
      expect(report.handoffs).toHaveLength(4);
    });

    it('names who did the work: handovers between the people who completed each pair', () => {
      const [a, b] = [runs.a.instanceId, runs.b.instanceId].map(
        (id) => workers.get(id) as Map<string, string>,
      );
      const pairs: [Map<string, string> | undefined, string, string][] = [
        [a, `${COLLECT}#1`, `${REVIEW}#1`],
        [a, `${REVIEW}#1`, `${TERMS}#1`],
        [a, `${TERMS}#1`, `${ACTIVATE}#1`],
        [b, `${COLLECT}#1`, `${REVIEW}#1`],
        [b, `${REVIEW}#1`, `${COLLECT}#2`],
        [b, `${COLLECT}#2`, `${REVIEW}#2`],
        [b, `${REVIEW}#2`, `${TERMS}#1`],
        [b, `${TERMS}#1`, `${ACTIVATE}#1`],
      ];
      const expected = pairs.filter(([w, x, y]) => w?.get(x) !== w?.get(y)).length;
      expect(report.handoffs.reduce((s, h) => s + h.handovers, 0)).toBe(expected);
      // C has started its first step only: no activity instance yet.
      expect(report.startActivities).toEqual([{ activity: COLLECT, count: 2 }]);
    });

    it('reads the same whatever zone the times were written in', async () => {
      const exported = await baton(
        '--definition',
        DEFINITION,
        '--time-zone',
        'America/New_York',
        '--out',
        file('ny.xes.gz'),
      );
      expect(exported.code).toBe(0);
      const ny = await analyzeLogFile(file('ny.xes.gz'));
      expect(ny.source.gzip).toBe(true);
      expect(ny.report).toEqual(report);
    });

    it('writes the lifecycle of each activation, with the person and the team', () => {
      const xml = readFileSync(file('vendors.xes'), 'utf8');
      const trace = xml.split('<trace>').find((t) => t.includes(`value="${runs.a.instanceId}"`)) ?? '';
      const transitions = [
        ...trace.matchAll(
          /key="concept:instance" value="([^"]+)"\/>\s*<string key="lifecycle:transition" value="([^"]+)"/g,
        ),
      ].map(([, activation, transition]) => `${activation} ${transition}`);
      expect(transitions.slice(0, 5)).toEqual([
        `${COLLECT}#1 schedule`,
        `${COLLECT}#1 assign`,
        `${COLLECT}#1 reassign`,
        `${COLLECT}#1 start`,
        `${COLLECT}#1 complete`,
      ]);
      expect(trace).toContain('<string key="outcome" value="completed"/>');
      expect(trace).toContain('<string key="org:group" value="procurement"/>');
      expect(trace).toContain('<string key="businessKey" value="vendor-a"/>');
      expect(trace).toContain(`<date key="startedAt" value="2026-03-02T08:00:00.000+00:00"/>`);
    });

    it('keeps the instances started in a window, or none of another definition', async () => {
      const since = new Date(runs.b.startedAt).toISOString();
      const windowed = await baton(
        '--json',
        '--definition',
        DEFINITION,
        '--since',
        since,
        '--out',
        file('since.xes'),
      );
      expect(JSON.parse(windowed.out)).toMatchObject({ instances: 2, format: 'xes' });
      const until = await baton(
        '--definition',
        DEFINITION,
        '--until',
        since,
        '--version',
        '1',
        '--out',
        file('until.xes'),
      );
      expect(until.out).toMatch(/^exported 1 instances \(/);
      expect((await analyzeLogFile(file('until.xes'))).report.log.cases).toBe(1);
      const none = await baton('--definition', 'budget-approval', '--format', 'xes');
      expect(none.out).toContain('</log>');
      expect(none.err).toMatch(/^exported 0 instances/);
    });
  });

  describe('as OCEL 2.0 JSON', () => {
    let doc: OcelDocument;
    let summary: { events: number; records: number; instances: number };
    beforeAll(async () => {
      const exported = await baton('--json', '--definition', DEFINITION, '--out', file('vendors.json'));
      expect(exported.code).toBe(0);
      summary = JSON.parse(exported.out) as typeof summary;
      doc = JSON.parse(readFileSync(file('vendors.json'), 'utf8')) as OcelDocument;
    });

    it('is well formed: declared types, unique ids, every relationship resolves', () => {
      expect(ocelProblems(doc)).toEqual([]);
      expect(doc.objectTypes.map((t) => t.name)).toEqual(['instance', 'step-activation', 'person', 'team']);
      expect(summary).toMatchObject({ format: 'ocel', instances: 3 });
      expect(doc.events).toHaveLength(summary.events);
    });

    it('has an event for every instance event, relating what it involved', () => {
      const types = new Set(doc.events.map((e) => e.type));
      for (const t of [
        'Instance started',
        'Instance completed',
        `${COLLECT} activated`,
        `${COLLECT} assigned`,
        `${COLLECT} reassigned`,
        `${COLLECT} started`,
        `${COLLECT} completed`,
        `${REVIEW} rejected`,
      ]) {
        expect(types).toContain(t);
      }
      const completion = doc.events.find(
        (e) =>
          e.type === `${REVIEW} completed` &&
          e.relationships?.some((r) => r.objectId === `instance:${runs.a.instanceId}`),
      );
      expect(completion?.relationships).toEqual([
        { objectId: `instance:${runs.a.instanceId}`, qualifier: 'instance' },
        { objectId: `step-activation:${runs.a.instanceId}/${REVIEW}#1`, qualifier: 'activation' },
        { objectId: 'person:amir.rahman', qualifier: 'worker' },
        { objectId: 'team:legal', qualifier: 'team' },
      ]);
      expect(completion?.time).toBe('2026-03-02T15:00:00.000+00:00');
    });

    it('writes to standard output without --out', async () => {
      const printed = await baton(
        '--definition',
        DEFINITION,
        '--format',
        'ocel',
        '--until',
        new Date(T0 + 1).toISOString(),
      );
      expect(ocelProblems(JSON.parse(printed.out))).toEqual([]);
      expect(printed.err).toMatch(/^exported 1 instances/);
    });
  });

  it('refuses what it cannot do, before writing anything', async () => {
    const noFormat = await baton('--definition', DEFINITION);
    expect(noFormat.code).toBe(2);
    expect(noFormat.err).toContain('--format xes|ocel is needed');
    const zone = await baton('--definition', DEFINITION, '--format', 'xes', '--time-zone', 'Mars/Olympus');
    expect(zone.err).toContain('--time-zone Mars/Olympus: expected UTC');
    const since = await baton('--definition', DEFINITION, '--format', 'xes', '--since', 'last week');
    expect(since.err).toContain('--since last week: expected an ISO 8601 time');
    const missing = await runCaptured([
      'export',
      '--data-dir',
      file('nope'),
      '--definition',
      'x',
      '--format',
      'xes',
    ]);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain(`no event store at ${file('nope/baton.db')}`);
    const folder = await baton('--definition', DEFINITION, '--out', file('nope/log.xes'));
    expect(folder.err).toContain('does not exist or cannot be written');
  });
});
