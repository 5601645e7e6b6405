import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { analyzeLogFile } from './analyze-log-file';
import type { LogReport } from './domain/log-report';

// Public logs exported by other systems, read in place from ../shared/event-logs beside the
// repository (never copied into it). CI has the folder: under CI the tests run, and fail if it is
// missing, instead of skipping. BATON_EVENT_LOGS_DIR points elsewhere.
const DIR = process.env['BATON_EVENT_LOGS_DIR'] || resolve(__dirname, '../../../../shared/event-logs');
const present = existsSync(join(DIR, 'running-example.xes'));
const underCi = !!process.env['CI'] && process.env['CI'] !== 'false' && process.env['CI'] !== '0';
const reason = `${DIR} not found: these tests read the public logs of ../shared/event-logs in place`;
const run = present || underCi;
if (!run) console.warn(`Real event logs skipped: ${reason} (set CI=true to make this a failure)`);

const minutes = (m: number) => m * 60_000;

(run ? describe : describe.skip)(run ? 'Real event logs' : `Real event logs (skipped: ${reason})`, () => {
  beforeAll(() => {
    if (!present) throw new Error(`${reason}; CI=${process.env['CI']} forbids skipping`);
  });

  describe('running-example.xes (complete events only, one +01:00 offset), by hand', () => {
    let report: LogReport;
    beforeAll(async () => {
      if (present) ({ report } = await analyzeLogFile(join(DIR, 'running-example.xes')));
    });

    it('has 6 cases of 42 events, each a complete-only instance', () => {
      expect(report.log).toEqual({
        events: 42,
        cases: 6,
        instances: 42,
        startsWithoutComplete: 0,
        otherTransitions: 0,
      });
      expect(report.handoffs.reduce((n, h) => n + h.count, 0)).toBe(42 - 6);
      expect(report.steps.every((s) => s.totalMs === 0 && s.withoutStart === s.count)).toBe(true);
      expect(report.steps.find((s) => s.activity === 'decide')?.count).toBe(9);
    });

    it('begins every case with register request and ends it with a payment or a rejection', () => {
      expect(report.startActivities).toEqual([{ activity: 'register request', count: 6 }]);
      expect(report.endActivities).toEqual([
        { activity: 'pay compensation', count: 3 },
        { activity: 'reject request', count: 3 },
      ]);
    });

    it('times the cases from first to last event', () => {
      // In minutes: case 4 8682, case 1 11722, case 2 12993, case 6 14205, case 3 22813, case 5 26274
      // (e.g. case 3: 2010-12-30 14:32 → 2011-01-15 10:45 = 16 days − 3 h 47 min).
      const sum = 8682 + 11722 + 12993 + 14205 + 22813 + 26274;
      expect(report.cases).toMatchObject({
        count: 6,
        minMs: minutes(8682),
        maxMs: minutes(26274),
        medianMs: minutes((12993 + 14205) / 2),
        totalMs: minutes(sum),
        p90Ms: minutes(22813 + (26274 - 22813) * 0.5), // rank 5 · 0.9 = 4.5
      });
      expect(report.cases.meanMs).toBeCloseTo(minutes(sum / 6), 3);
    });

    it('times decide → pay compensation (3 handovers from Sara)', () => {
      // case 2: 01-05 11:22 → 01-08 12:05 = 4363; case 3: 01-09 09:55 → 01-15 10:45 = 8690;
      // case 6: 01-07 16:52 → 01-16 11:47 = 12655 minutes.
      expect(report.handoffs.find((h) => h.from === 'decide' && h.to === 'pay compensation')).toMatchObject({
        count: 3,
        minMs: minutes(4363),
        medianMs: minutes(8690),
        maxMs: minutes(12655),
        totalMs: minutes(4363 + 8690 + 12655),
        handovers: 3,
      });
    });

    it('times decide → reinitiate request, done by Sara both times: no handover', () => {
      // case 3: 09:18 → 12:18 = 180; case 5: 01-10 13:28 → 01-11 16:18 = 1610 and 01-19 11:18 → 01-20 12:48 = 1530.
      expect(report.handoffs.find((h) => h.from === 'decide' && h.to === 'reinitiate request')).toMatchObject(
        {
          count: 3,
          minMs: minutes(180),
          medianMs: minutes(1530),
          maxMs: minutes(1610),
          totalMs: minutes(3320),
          handovers: 0,
        },
      );
    });

    it('counts the edges out of register request', () => {
      const out = report.handoffs.filter((h) => h.from === 'register request').map((h) => [h.to, h.count]);
      expect(Object.fromEntries(out)).toEqual({
        'examine casually': 3,
        'check ticket': 2,
        'examine thoroughly': 1,
      });
    });

    it('lists the handovers from Sara to Ellen', () => {
      // decide → pay compensation in cases 2 and 3 (4363, 8690), decide → reject request in case 4
      // (01-09 12:02 → 01-12 15:44 = 4542), reinitiate request → check ticket in case 5
      // (01-11 16:18 → 01-14 14:33 = 4215).
      expect(report.handovers.find((h) => h.from === 'Sara' && h.to === 'Ellen')).toMatchObject({
        count: 4,
        minMs: minutes(4215),
        medianMs: minutes((4363 + 4542) / 2),
        maxMs: minutes(8690),
        totalMs: minutes(4215 + 4363 + 4542 + 8690),
      });
    });
  });

  describe('production_simod2018 and production_simod2020_eet (the same instants, other offsets)', () => {
    let y2018: LogReport;
    let y2020: LogReport;
    beforeAll(async () => {
      if (!present) return;
      y2018 = (await analyzeLogFile(join(DIR, 'production_simod2018.xes.gz'))).report;
      y2020 = (await analyzeLogFile(join(DIR, 'production_simod2020_eet.xes.gz'))).report;
    });

    it('reads 225 cases of start/complete pairs', () => {
      expect(y2018.log).toEqual({
        events: 9906,
        cases: 225,
        instances: 4953,
        startsWithoutComplete: 0,
        otherTransitions: 0,
      });
      expect(y2020.log).toEqual(y2018.log);
    });

    it('gives identical durations: -05:00 and +02:00/+03:00 across a daylight-saving change are the same instants', () => {
      expect(y2020.cases).toEqual(y2018.cases);
      expect(y2020.steps).toEqual(y2018.steps);
      const durations = (r: LogReport) => r.handoffs.map(({ handovers: _, ...stats }) => stats);
      expect(durations(y2020)).toEqual(durations(y2018));
    });

    it('differs at most by a few handovers (the 2020 export changed some resources and tie orders)', () => {
      const total = (r: LogReport) => r.handovers.reduce((n, h) => n + h.count, 0);
      expect(Math.abs(total(y2020) - total(y2018))).toBeLessThanOrEqual(5);
    });
  });
});
