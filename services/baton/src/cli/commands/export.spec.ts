import { analyzeLogFile, ocelProblems, type LogReport, type OcelDocument } from '@baton/event-log';
import { ManualClock } from '@baton/service-kit';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BatonClients, sameAddress } from '../../e2e/baton-clients';
import { startEmbeddedHost, type EmbeddedHost } from '../../embedded-host';
import { BatonConnection } from '../connection';
import { runCaptured } from '../testing';
import {
  ACTIVATE,
  COLLECT,
  DEFINITION,
  driveVendors,
  MIN,
  REVIEW,
  T0,
  TERMS,
  VendorDriver,
  type Workers,
} from './test-support/vendor-driver';

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
