import type { instance } from '@baton/domain';
import { addObservations, emptyAggregate } from '../aggregation/analytics-aggregate';
import { rankHandoffs } from '../aggregation/bottlenecks';
import { analyticsStats } from '../aggregation/statistics';
import { MIN, streamOf } from '../testing/instance-events';
import { onboarding } from '../testing/scenarios';
import type { InstanceObservations, ObserveOptions } from './observation.types';
import { observeInstance } from './observe-instance';

function observe(events: instance.InstanceEvent[], options?: ObserveOptions): InstanceObservations {
  const result = observeInstance(events, options);
  if (!result.ok) throw new Error(JSON.stringify(result.violations));
  return result.observations;
}

/** The stream as execution records it now: the sources of `handoffId` carry its SLA. */
const recording = (events: instance.InstanceEvent[], handoffId: string, slaWithinMs: number) =>
  events.map((e): instance.InstanceEvent => {
    if (e.type !== 'StepActivated') return e;
    const handedOffFrom = e.data.handedOffFrom.map((s) =>
      s.handoffId === handoffId ? { ...s, slaWithinMs } : s,
    );
    return { ...e, data: { ...e.data, handedOffFrom } };
  });

/** intake (team a) → review (team b), SLA 30 min, review picked up `total` minutes after intake. */
function reviewedAfter(instanceId: string, total: number): instance.InstanceEvent[] {
  const s = streamOf({ instanceId, definitionId: 'd', version: 1 });
  return [
    s.started(0),
    s.activated('intake#1', 0, [s.fromStart(0)], { team: 'a' }),
    s.stepStarted('intake#1', 0),
    s.completed('intake#1', 10),
    s.activated('review#1', 12, [{ ...s.from('intake#1', 10, 'to-review'), slaWithinMs: 30 * MIN }], {
      team: 'b',
    }),
    s.stepStarted('review#1', 10 + total),
    s.completed('review#1', 20 + total),
    s.completedInstance(20 + total),
  ];
}

describe('Handoff SLAs recorded in the events', () => {
  // Totals 20 (met), 30 (exactly at the deadline: met) and 45 (missed by 15).
  const observed = [20, 30, 45].map((total, i) => observe(reviewedAfter(`r${i}`, total)));
  const stats = analyticsStats(observed.reduce(addObservations, emptyAggregate()));

  it('counts a breach only when the target starts strictly after the deadline, with no lookup', () => {
    const into = observed.map((o) => o.handoffs.find((h) => h.toStepId === 'review'));
    expect(into.map((h) => [h?.totalMs, h?.slaMs, h?.slaBreached])).toEqual([
      [20 * MIN, 30 * MIN, false],
      [30 * MIN, 30 * MIN, false],
      [45 * MIN, 30 * MIN, true],
    ]);
  });

  it('gives the edge, its team pair and its bottleneck ranking the breaches, rate and overrun', () => {
    const sla = { count: 3, slaBreaches: 1, slaBreachRate: 1 / 3, overrunMs: 15 * MIN };
    expect(stats.edges.find((e) => e.to === 'review')).toMatchObject({ from: 'intake', ...sla });
    expect(stats.teamPairs.find((p) => p.from === 'a' && p.to === 'b')).toMatchObject(sla);
    const aggregate = observed.reduce(addObservations, emptyAggregate());
    expect(rankHandoffs(aggregate, { by: 'timeLost', limit: 1 })[0]).toMatchObject({ to: 'review', ...sla });
    // The edge from start had no SLA: no rate rather than 0.
    expect(stats.edges.find((e) => e.from === 'start')).toMatchObject({
      slaBreaches: 0,
      slaBreachRate: null,
    });
  });

  it("measures each branch of a join from its own completion against the join's SLA", () => {
    const o = observe(recording(onboarding(), 'join', 100 * MIN));
    const join = o.handoffs.filter((h) => h.toStepId === 'day-one');
    // day-one started at 330: paperwork (100) 230 late by 130, buddy (150) 180, provision (260) 70.
    expect(join.map((h) => [h.fromStepId, h.totalMs / MIN, h.critical, h.slaBreached])).toEqual([
      ['paperwork', 230, false, true],
      ['buddy', 180, false, true],
      ['provision', 70, true, false],
    ]);
    const edges = analyticsStats(addObservations(emptyAggregate(), o)).edges;
    expect(
      edges.filter((e) => e.to === 'day-one').map((e) => [e.from, e.slaBreaches, e.overrunMs / MIN]),
    ).toEqual([
      ['buddy', 1, 80],
      ['paperwork', 1, 130],
      ['provision', 0, 0],
    ]);
  });

  it('records nothing for a handoff without an SLA nor for events recorded before sources kept it', () => {
    const old = observe(onboarding());
    expect(old.handoffs.some((h) => 'slaMs' in h || 'slaBreached' in h)).toBe(false);
    const recorded = observe(recording(onboarding(), 'join', 100 * MIN));
    expect(recorded.handoffs.find((h) => h.toStepId === 'provision')).not.toHaveProperty('slaBreached');
  });

  it('prefers what a source recorded to the lookup, which serves sources without one', () => {
    const lookup = { handoffSlaMs: (id: string) => (id === 'join' ? 500 * MIN : 1) };
    const o = observe(recording(onboarding(), 'join', 100 * MIN), lookup);
    expect(o.handoffs.filter((h) => h.toStepId === 'day-one').map((h) => h.slaMs)).toEqual([
      100 * MIN,
      100 * MIN,
      100 * MIN,
    ]);
    expect(o.handoffs.find((h) => h.toStepId === 'provision')).toMatchObject({ slaMs: 1, slaBreached: true });
  });
});
