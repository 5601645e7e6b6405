import fc from 'fast-check';
import type { HandoffSla } from '../definition/model';
import {
  dueHandoffAlert,
  handoffSlaDeadlines,
  handoffSlaMissed,
  handoffSlaStatus,
  nextHandoffAlertAt,
  type HandoffAlert,
} from './sla';

const T0 = Date.UTC(2026, 0, 5, 9);
const sla: fc.Arbitrary<HandoffSla> = fc.record(
  {
    withinMs: fc.integer({ min: 1, max: 30 * 86_400_000 }),
    atRiskPercent: fc.integer({ min: 1, max: 99 }),
  },
  { requiredKeys: ['withinMs'] },
);
const since = fc.integer({ min: T0 - 86_400_000, max: T0 + 86_400_000 });
const offset = fc.integer({ min: -86_400_000, max: 40 * 86_400_000 });
const RANK = { 'on-track': 0, 'at-risk': 1, breached: 2 } as const;

describe('Handoff SLA rules (properties)', () => {
  it('puts the at-risk threshold from the start up to, never at, the deadline', () => {
    fc.assert(
      fc.property(sla, since, (s, from) => {
        const d = handoffSlaDeadlines(s, from);
        expect(d.dueAt - d.since).toBe(s.withinMs);
        if (s.atRiskPercent === undefined) expect(d.atRiskAt).toBeUndefined();
        else {
          expect(d.atRiskAt).toBeGreaterThanOrEqual(from);
          expect(d.atRiskAt).toBeLessThan(d.dueAt);
        }
      }),
    );
  });

  it('only moves forward: on track, then at risk, then breached', () => {
    fc.assert(
      fc.property(sla, since, offset, offset, (s, from, x, y) => {
        const d = handoffSlaDeadlines(s, from);
        const [early, late] = x <= y ? [x, y] : [y, x];
        expect(RANK[handoffSlaStatus(d, from + early)]).toBeLessThanOrEqual(
          RANK[handoffSlaStatus(d, from + late)],
        );
      }),
    );
  });

  it('calls a waiting handoff breached at exactly the instants when starting then would miss the SLA', () => {
    fc.assert(
      fc.property(sla, since, offset, (s, from, x) => {
        const d = handoffSlaDeadlines(s, from);
        const now = from + Math.max(0, x);
        expect(handoffSlaStatus(d, now) === 'breached').toBe(handoffSlaMissed(s, from, now));
      }),
    );
  });

  it('alerts at most once each, at risk before breached, whatever the ticks, and breaches iff the last tick is late', () => {
    fc.assert(
      fc.property(sla, since, fc.array(offset, { maxLength: 12 }), (s, from, offsets) => {
        const d = handoffSlaDeadlines(s, from);
        const ticks = offsets.map((o) => from + o).sort((a, b) => a - b);
        const alerts: { alert: HandoffAlert; at: number }[] = [];
        let recorded: HandoffAlert | undefined;
        for (const now of ticks) {
          const next = nextHandoffAlertAt(d, recorded);
          const alert = dueHandoffAlert(d, now, recorded);
          // The schedule never lets a due alert wait: due exactly from the next instant it names.
          expect(alert !== undefined).toBe(next !== undefined && now >= next);
          if (alert) {
            alerts.push({ alert, at: now });
            recorded = alert;
          }
        }
        const kinds = alerts.map((a) => a.alert);
        expect(kinds.filter((k) => k === 'at-risk').length).toBeLessThanOrEqual(1);
        expect(kinds.filter((k) => k === 'breached').length).toBeLessThanOrEqual(1);
        if (kinds.length === 2) expect(kinds).toEqual(['at-risk', 'breached']);
        const last = ticks.at(-1);
        expect(kinds.includes('breached')).toBe(last !== undefined && last > d.dueAt);
        for (const { alert, at } of alerts) {
          if (alert === 'at-risk') {
            expect(at).toBeGreaterThanOrEqual(d.atRiskAt as number);
            expect(at).toBeLessThanOrEqual(d.dueAt);
          } else expect(at).toBeGreaterThan(d.dueAt);
        }
      }),
    );
  });
});
