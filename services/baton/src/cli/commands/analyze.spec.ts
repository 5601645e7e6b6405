import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { runCaptured } from '../testing';
import { span } from './analyze-report';

// Two cases by hand (minutes after 09:00Z; the file writes them at +02:00):
//   o-1: Take order 0–10 (ann, sales), Invoice 25–40 (bob, finance), Invoice again 50–55 (bob)
//   o-2: Take order 0–5 (ann), Invoice complete-only at 5 (cid), a schedule at 60 (ignored)
// Handoffs: Take order→Invoice 15 (o-1, ann→bob) and 0 (o-2, ann→cid); Invoice→Invoice 10 (bob→bob).
// Cases: o-1 55 min, o-2 60 min (the schedule counts).
const at = (m: number) =>
  new Date(Date.UTC(2024, 0, 8, 9, m) + 2 * 3_600_000).toISOString().replace('Z', '+02:00');
const event = (name: string, m: number, lifecycle: string, resource?: string, team?: string) =>
  `<event><string key="concept:name" value="${name}"/><date key="time:timestamp" value="${at(m)}"/>` +
  `<string key="lifecycle:transition" value="${lifecycle}"/>` +
  (resource ? `<string key="org:resource" value="${resource}"/>` : '') +
  (team ? `<string key="org:group" value="${team}"/>` : '') +
  '</event>';
const XES = `<?xml version="1.0" encoding="UTF-8"?>
<log xes.version="1.0">
<trace><string key="concept:name" value="o-1"/>
${event('Take order', 0, 'start', 'ann', 'sales')}${event('Take order', 10, 'complete', 'ann', 'sales')}
${event('Invoice', 25, 'start', 'bob', 'finance')}${event('Invoice', 40, 'complete', 'bob', 'finance')}
${event('Invoice', 50, 'start', 'bob', 'finance')}${event('Invoice', 55, 'complete', 'bob', 'finance')}
</trace>
<trace><string key="concept:name" value="o-2"/>
${event('Take order', 0, 'START', 'ann')}${event('Take order', 5, 'Complete', 'ann')}
${event('Invoice', 5, 'complete', 'cid')}${event('Invoice', 60, 'schedule')}
</trace>
</log>`;

const min = (m: number) => m * 60_000;

describe('baton analyze', () => {
  const dir = mkdtempSync(join(tmpdir(), 'baton-analyze-'));
  const file = (name: string, content: string | Buffer) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };

  it('prints the statistics of a log as one JSON object with the public field names', async () => {
    const path = file('orders.xes.gz', gzipSync(XES));
    const { code, out, err } = await runCaptured(['analyze', path, '--json']);
    expect(err).toBe('');
    expect(code).toBe(0);
    const result = JSON.parse(out);
    expect(Object.keys(result)).toEqual(
      expect.arrayContaining(['cases', 'steps', 'handoffs', 'handovers', 'log', 'source']),
    );
    expect(result.source).toEqual({ file: path, format: 'xes', gzip: true });
    expect(result.log).toEqual({
      events: 10,
      cases: 2,
      instances: 5,
      startsWithoutComplete: 0,
      otherTransitions: 1,
    });
    expect(result.cases).toEqual({
      count: 2,
      meanMs: min(57.5),
      medianMs: min(57.5),
      minMs: min(55),
      maxMs: min(60),
      totalMs: min(115),
      stdevMs: Math.sqrt(2 * min(2.5) ** 2),
      p90Ms: min(55 + 5 * 0.9),
      p95Ms: min(55 + 5 * 0.95),
      p99Ms: min(55 + 5 * 0.99),
    });
    expect(result.handoffs).toEqual([
      {
        from: 'Take order',
        to: 'Invoice',
        count: 2,
        meanMs: min(7.5),
        medianMs: min(7.5),
        minMs: 0,
        maxMs: min(15),
        totalMs: min(15),
        stdevMs: Math.sqrt(2 * min(7.5) ** 2),
        p90Ms: min(15) * 0.9,
        p95Ms: min(15) * 0.95,
        p99Ms: min(15) * 0.99,
        handovers: 2,
      },
      {
        from: 'Invoice',
        to: 'Invoice',
        count: 1,
        meanMs: min(10),
        medianMs: min(10),
        minMs: min(10),
        maxMs: min(10),
        totalMs: min(10),
        stdevMs: 0,
        p90Ms: min(10),
        p95Ms: min(10),
        p99Ms: min(10),
        handovers: 0,
      },
    ]);
    // Work: Invoice 15, 5 and 0 (complete-only); Take order 10 and 5.
    expect(
      result.steps.map((s: { activity: string; count: number; totalMs: number; withoutStart: number }) => [
        s.activity,
        s.count,
        s.totalMs,
        s.withoutStart,
      ]),
    ).toEqual([
      ['Invoice', 3, min(20), 1],
      ['Take order', 2, min(15), 0],
    ]);
    expect(
      result.handovers.map((h: { from: string; to: string; totalMs: number }) => [h.from, h.to, h.totalMs]),
    ).toEqual([
      ['ann', 'bob', min(15)],
      ['ann', 'cid', 0],
    ]);
    expect(result.teamHandovers.map((h: { from: string; to: string }) => [h.from, h.to])).toEqual([
      ['sales', 'finance'],
    ]);
  });

  it('runs as the real `baton` command and writes the JSON to stdout', () => {
    const path = file('orders-cli.xes', XES);
    const baton = resolve(__dirname, '../baton.js');
    const done = spawnSync(process.execPath, [baton, 'analyze', path, '--json'], { encoding: 'utf8' });
    expect(done.status).toBe(0);
    const result = JSON.parse(done.stdout);
    expect(result.cases.count).toBe(2);
    expect(result.handoffs.map((h: { from: string; to: string }) => `${h.from}→${h.to}`)).toEqual([
      'Take order→Invoice',
      'Invoice→Invoice',
    ]);
  });

  it('prints readable tables by default', async () => {
    const { code, out } = await runCaptured(['analyze', file('orders.xes', XES)]);
    expect(code).toBe(0);
    expect(out).toContain('orders.xes (XES): 10 events, 2 cases, 5 activity instances');
    expect(out).toContain('note: 1 other transitions (ignored)');
    expect(out).toContain('case duration: median 57.5 min, p90 59.5 min, max 60.0 min');
    expect(out).toMatch(/Take order\s+Invoice\s+2\s+2\s+7\.5 min\s+13\.5 min\s+15\.0 min\s+15\.0 min/);
    expect(out).toContain('Handovers between teams:');
  });

  it('reads a CSV log with the columns named by options', async () => {
    const csv =
      'Order;Step;Done;Who\no-1;Take order;2024-01-08 09:10:00Z;ann\no-1;Invoice;2024-01-08 09:40:00Z;bob\n';
    const { code, out } = await runCaptured([
      'analyze',
      file('orders.txt', csv),
      '--case',
      'Order',
      '--activity',
      'Step',
      '--timestamp',
      'Done',
      '--resource',
      'Who',
      '--json',
    ]);
    expect(code).toBe(0);
    const result = JSON.parse(out);
    expect(result.source.csv).toEqual({
      delimiter: ';',
      columns: { case: 'Order', activity: 'Step', timestamp: 'Done', resource: 'Who' },
    });
    expect(result.handoffs[0]).toMatchObject({
      from: 'Take order',
      to: 'Invoice',
      totalMs: min(30),
      handovers: 1,
    });
  });

  it('measures durations in business hours with --business-hours, in the zone given', async () => {
    // Invoice starts Friday 16:00Z and completes Monday 08:00Z; the pay run starts Monday 09:00Z.
    const csv =
      'case,activity,start,end\n' +
      'i-1,Invoice,2026-11-27T16:00:00Z,2026-11-30T08:00:00Z\n' +
      'i-1,Pay,2026-11-30T09:00:00Z,2026-11-30T10:00:00Z\n';
    const path = file('invoices.csv', csv);
    const args = ['analyze', path, '--start-timestamp', 'start', '--timestamp', 'end', '--json'];
    const elapsed = JSON.parse((await runCaptured(args)).out);
    expect(elapsed.steps.find((s: { activity: string }) => s.activity === 'Invoice').totalMs).toBe(
      64 * 60 * min(1),
    );
    expect(elapsed.source.businessHours).toBeUndefined();

    // Monday–Friday 07:00–17:00 UTC: Friday 16–17 and Monday 07–08 = 2 h of work; the handoff
    // 08:00–09:00 is inside working time; the case 16:00 Friday → 10:00 Monday = 4 h.
    const utc = JSON.parse((await runCaptured([...args, '--business-hours'])).out);
    expect(utc.source.businessHours).toEqual({ calendar: 'Monday–Friday 07:00–17:00 UTC', timeZone: 'UTC' });
    expect(utc.steps.find((s: { activity: string }) => s.activity === 'Invoice').totalMs).toBe(min(120));
    expect(utc.handoffs[0]).toMatchObject({ from: 'Invoice', to: 'Pay', totalMs: min(60) });
    expect(utc.cases.maxMs).toBe(min(240));

    // 09:00–17:30 in New York (UTC−5): Friday 11:00–17:30 = 6.5 h; Monday 03:00–05:00 local is
    // before opening, so the invoice has 6.5 h of work and the handoff none.
    const newYork = JSON.parse(
      (await runCaptured([...args, '--business-hours', '09:00-17:30', '--time-zone', 'America/New_York']))
        .out,
    );
    expect(newYork.steps.find((s: { activity: string }) => s.activity === 'Invoice').totalMs).toBe(min(390));
    expect(newYork.handoffs[0]).toMatchObject({ totalMs: 0 });

    const text = await runCaptured([
      'analyze',
      path,
      '--start-timestamp',
      'start',
      '--timestamp',
      'end',
      '--business-hours',
    ]);
    expect(text.out).toContain('durations: business hours only (Monday–Friday 07:00–17:00 UTC)');
    expect((await runCaptured([...args, '--business-hours', '9-5'])).code).toBe(2);
    expect((await runCaptured([...args, '--business-hours', '--time-zone', 'Mars/Olympus'])).err).toContain(
      'is not an IANA time zone',
    );
    expect((await runCaptured([...args, '--time-zone', 'UTC'])).code).toBe(2);
  });

  it('gives both clocks and splits each handoff into working and off-hours time, with --holidays', async () => {
    // The same invoice: done Monday 08:00Z, paid from Monday 09:00Z (1 h elapsed handoff).
    const csv =
      'case,activity,start,end\n' +
      'i-1,Invoice,2026-11-27T16:00:00Z,2026-11-30T08:00:00Z\n' +
      'i-1,Pay,2026-11-30T09:00:00Z,2026-11-30T10:00:00Z\n';
    const path = file('invoices-both.csv', csv);
    const args = ['analyze', path, '--start-timestamp', 'start', '--timestamp', 'end', '--json'];
    const utc = JSON.parse((await runCaptured([...args, '--business-hours'])).out);
    // Elapsed figures beside the business ones; the handoff lies in Monday's working hours.
    expect(utc.calendarTime.handoffs[0]).toMatchObject({ from: 'Invoice', to: 'Pay', totalMs: min(60) });
    expect(utc.calendarTime.cases.maxMs).toBe(min(66 * 60));
    expect(utc.calendarTime.log).toBeUndefined();
    expect(utc.waitAttribution).toEqual([
      {
        from: 'Invoice',
        to: 'Pay',
        count: 1,
        totalMs: min(60),
        workingMs: min(60),
        offHoursMs: 0,
        offHoursShare: 0,
      },
    ]);

    // Monday 2026-11-30 a holiday: the invoice has Friday's hour of work only, and the handoff
    // falls wholly off-hours.
    const holiday = JSON.parse(
      (await runCaptured([...args, '--business-hours', '--holidays', '2026-11-30'])).out,
    );
    expect(holiday.source.businessHours.calendar).toBe('Monday–Friday 07:00–17:00 UTC, 1 holidays');
    expect(holiday.steps.find((s: { activity: string }) => s.activity === 'Invoice').totalMs).toBe(min(60));
    expect(holiday.waitAttribution[0]).toMatchObject({ workingMs: 0, offHoursMs: min(60), offHoursShare: 1 });

    const text = (await runCaptured(args.slice(0, -1).concat('--business-hours'))).out;
    expect(text).toContain('Where handoff time falls: working hours or off-hours');
    expect(text).toMatch(/Invoice\s+Pay\s+1\s+60\.0 min\s+60\.0 min\s+0 ms\s+0%/);
    expect((await runCaptured([...args, '--holidays', '2026-11-30'])).code).toBe(2);
    const bad = await runCaptured([...args, '--business-hours', '--holidays', '30/11/2026']);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--holidays');
  });

  it('exits 2 on a usage mistake and 1 on a file it cannot read', async () => {
    const csv = file('odd.csv', 'id,what,when\n1,A,2020-01-01\n');
    const missing = await runCaptured(['analyze', csv]);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('name it with --case <column>, --activity <column>, --timestamp <column>');
    expect((await runCaptured(['analyze', csv, '--default-offset', '2h'])).code).toBe(2);
    const broken = await runCaptured(['analyze', file('broken.xes', '<log><trace>'), '--json']);
    expect(broken.code).toBe(1);
    expect(JSON.parse(broken.err).error.message).toMatch(/not well-formed XML/);
  });

  it('writes a self-contained HTML report with --html, besides the usual output', async () => {
    const html = join(dir, 'orders.html');
    const text = await runCaptured(['analyze', file('orders-html.xes', XES), '--html', html]);
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/Take order\s+Invoice/);
    expect(text.out).toMatch(new RegExp(`HTML report: ${html} \\(\\d+ KB\\)`));
    const page = readFileSync(html, 'utf8');
    expect(page).toMatch(/^<!DOCTYPE html>/);
    expect(page.match(/ data-node="/g)).toHaveLength(2);
    expect(page).toContain('data-edge="Take order→Invoice"');
    expect(page).toContain('data-edge="Invoice→Invoice"');
    expect(page).not.toMatch(/https?:\/\//);
    const asJson = await runCaptured([
      'analyze',
      file('orders-html2.xes', XES),
      '--json',
      '--html',
      join(dir, 'o2.html'),
    ]);
    expect(asJson.code).toBe(0);
    expect(JSON.parse(asJson.out).handoffs).toHaveLength(2);
    expect(readFileSync(join(dir, 'o2.html'), 'utf8')).toContain('data-node="Invoice"');
  });

  it('refuses --html into a folder that does not exist before reading the log (exit 2)', async () => {
    const { code, err } = await runCaptured([
      'analyze',
      file('orders-x.xes', XES),
      '--html',
      join(dir, 'nope', 'r.html'),
    ]);
    expect(code).toBe(2);
    expect(err).toContain(`--html: the folder ${join(dir, 'nope')} does not exist or cannot be written`);
  });

  it('explains its options and semantics in --help', async () => {
    const { code, out } = await runCaptured(['analyze', '--help']);
    expect(code).toBe(0);
    for (const text of [
      '--start-timestamp <column>',
      '--lifecycle <column>',
      '--cases-contiguous',
      'max(0, B.start − A.completion)',
      '--html <file>',
      'needs no network',
    ]) {
      expect(out).toContain(text);
    }
  });

  it('writes durations for people', () => {
    expect([
      span(0),
      span(999),
      span(1500),
      span(90_000),
      span(min(150)),
      span(min(60 * 30)),
      span(min(60 * 50)),
    ]).toEqual(['0 ms', '999 ms', '1.5 s', '90.0 s', '2.5 h', '30.0 h', '2.1 d']);
  });
});
