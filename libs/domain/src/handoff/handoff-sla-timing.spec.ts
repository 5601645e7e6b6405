import { checkInstanceEvents, instanceTimings } from './instance-timings';
import {
  activated,
  completed,
  from,
  fromStart,
  instanceStarted,
  MIN,
  started,
} from './test-support/instance-events';
import type { ClosedHandoff } from './types';

const sla = (slaWithinMs: number) => ({ slaWithinMs });
const closed = (events: Parameters<typeof instanceTimings>[0]) =>
  instanceTimings(events).handoffs.filter((h): h is ClosedHandoff => !h.open);

describe('Handoff timings against the SLA the sources recorded', () => {
  // start → intake (SLA 10 min) → check and assess in parallel (SLA 20 min each) → join into pay
  // (SLA 30 min per arriving branch) → report (no SLA).
  const events = [
    instanceStarted(0),
    activated('intake#1', 0, [{ ...fromStart(0), ...sla(10 * MIN) }]),
    started('intake#1', 10 * MIN), // exactly at the deadline: met
    completed('intake#1', 15 * MIN),
    activated('check#1', 15 * MIN, [{ ...from('intake#1', 15 * MIN, 'split'), ...sla(20 * MIN) }]),
    activated('assess#1', 15 * MIN, [{ ...from('intake#1', 15 * MIN, 'split'), ...sla(20 * MIN) }]),
    started('check#1', 20 * MIN), // 5 min: met
    started('assess#1', 35 * MIN + 1), // 20 min + 1 ms: missed
    completed('check#1', 25 * MIN),
    completed('assess#1', 60 * MIN),
    activated('pay#1', 60 * MIN, [
      { ...from('check#1', 25 * MIN, 'join'), ...sla(30 * MIN) },
      { ...from('assess#1', 60 * MIN, 'join'), ...sla(30 * MIN) },
    ]),
    started('pay#1', 62 * MIN), // 37 min after check (missed), 2 after assess (met)
    completed('pay#1', 70 * MIN),
    activated('report#1', 70 * MIN, [from('pay#1', 70 * MIN, 'file')]),
    started('report#1', 200 * MIN),
  ];

  it('misses it only when the target starts strictly after since + SLA', () => {
    expect(closed(events).map((h) => [h.toActivationId, h.totalMs / MIN, h.slaMissed])).toEqual([
      ['intake#1', 10, false],
      ['check#1', 5, false],
      ['assess#1', 20 + 1 / MIN, true],
      ['pay#1', 37, true],
      ['pay#1', 2, false],
      ['report#1', 130, undefined],
    ]);
  });

  it('times each branch of a join from its own completion: waiting for the other branch counts', () => {
    const [early, late] = closed(events).filter((h) => h.toActivationId === 'pay#1');
    expect(early).toMatchObject({ fromActivationId: 'check#1', critical: false, slaWithinMs: 30 * MIN });
    expect(late).toMatchObject({ fromActivationId: 'assess#1', critical: true, slaWithinMs: 30 * MIN });
  });

  it('records no SLA figures for a handoff without one (or recorded before sources kept it)', () => {
    const report = closed(events).find((h) => h.toStepId === 'report');
    expect(report && 'slaWithinMs' in report).toBe(false);
    expect(report && 'slaMissed' in report).toBe(false);
  });

  it('keeps the SLA on an open handoff, which has not missed it yet', () => {
    const open = instanceTimings(events.slice(0, 5)).handoffs.find((h) => h.toStepId === 'check');
    expect(open).toMatchObject({ open: true, slaWithinMs: 20 * MIN });
    expect(open && 'slaMissed' in open).toBe(false);
  });

  it('refuses a recorded SLA that is not whole milliseconds above 0', () => {
    const bad = [instanceStarted(0), activated('intake#1', 0, [{ ...fromStart(0), ...sla(0) }])];
    expect(checkInstanceEvents(bad)).toEqual([
      expect.objectContaining({
        field: 'events[1].data.handedOffFrom[0].slaWithinMs',
        reason: 'INVALID_SLA',
      }),
    ]);
    expect(
      checkInstanceEvents([instanceStarted(0), activated('i#1', 0, [{ ...fromStart(0), ...sla(1.5) }])]),
    ).toHaveLength(1);
  });
});
