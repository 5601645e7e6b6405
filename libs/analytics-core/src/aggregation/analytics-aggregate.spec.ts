import type { instance } from '@baton/domain';
import { observeInstance } from '../observations/observe-instance';
import type { InstanceObservations } from '../observations/observation.types';
import { MIN } from '../testing/instance-events';
import { onboarding, procureToPay } from '../testing/scenarios';
import { addObservations, emptyAggregate, mergeAggregates } from './analytics-aggregate';
import { rankHandoffs, rankSteps, rankTeamPairs } from './bottlenecks';
import { addToVersion, definitionAggregate, type AggregatesByVersion } from './by-definition';
import { analyticsStats } from './statistics';

function observe(events: instance.InstanceEvent[]): InstanceObservations {
  const result = observeInstance(events, { handoffSlaMs: (id) => (id === 'join' ? 100 * MIN : undefined) });
  if (!result.ok) throw new Error(JSON.stringify(result.violations));
  return result.observations;
}

const aggregateOf = (...streams: instance.InstanceEvent[][]) =>
  streams.map(observe).reduce(addObservations, emptyAggregate());

describe('Analytics aggregates', () => {
  describe('when one onboarding case is aggregated', () => {
    const stats = analyticsStats(aggregateOf(onboarding()));

    it('gives each edge its split, time lost and SLA breach rate', () => {
      const edge = stats.edges.find((e) => e.from === 'paperwork' && e.to === 'day-one');
      // SLA 100: 130 minutes over.
      expect(edge).toMatchObject({
        count: 1,
        timeLostMs: 230 * MIN,
        slaBreachRate: 1,
        joins: 1,
        overrunMs: 130 * MIN,
      });
      expect(edge?.routing).toMatchObject({ p50Ms: 170 * MIN, maxMs: 170 * MIN });
      expect(stats.edges.find((e) => e.to === 'provision')?.slaBreachRate).toBeNull();
    });

    it('pools handoffs by team pair', () => {
      const hrToHr = stats.teamPairs.find((p) => p.from === 'hr' && p.to === 'hr');
      // offer→paperwork (15) and paperwork→day-one (230)
      expect(hrToHr).toMatchObject({ count: 2, timeLostMs: 245 * MIN, slaBreaches: 1, slaBreachRate: 1 });
      expect(stats.teamPairs.find((p) => p.from === '(unknown)')).toMatchObject({ to: 'hr', count: 1 });
    });

    it('ranks the bottlenecks by time lost and by p90', () => {
      const byTime = rankHandoffs(aggregateOf(onboarding()), { by: 'timeLost', limit: 3 });
      expect(byTime.map((e) => [`${e.from}→${e.to}`, e.timeLostMs / MIN])).toEqual([
        ['paperwork→day-one', 230],
        ['buddy→day-one', 180],
        ['provision→day-one', 70],
      ]);
      expect(rankSteps(aggregateOf(onboarding()), { by: 'p90' }).map((s) => s.stepId)).toEqual([
        'provision',
        'day-one',
        'buddy',
        'offer',
        'paperwork',
      ]);
      expect(rankTeamPairs(aggregateOf(onboarding()), { by: 'timeLost', limit: 1 })[0]).toMatchObject({
        from: 'hr',
        to: 'hr',
      });
    });

    it('records the overdue, escalated step and its deadline breach', () => {
      expect(stats.steps.find((s) => s.stepId === 'provision')).toMatchObject({
        count: 1,
        overdue: 1,
        escalated: 1,
        slaBreaches: 1,
        slaBreachRate: 1,
        timeLostMs: 195 * MIN,
        overrunMs: 60 * MIN, // due at 200, completed at 260
      });
      expect(stats.cases).toMatchObject({ started: 1, completed: 1, cycle: { p50Ms: 400 * MIN } });
    });
  });

  describe('when a definition has two instances (procure-to-pay, rework loop)', () => {
    const stats = analyticsStats(aggregateOf(procureToPay(), procureToPay('p2p-2')));

    it('counts every traversal of a looped edge', () => {
      const edge = stats.edges.find((e) => e.from === 'collect' && e.to === 'review');
      expect(edge).toMatchObject({ count: 4, timeLostMs: 130 * MIN, rework: 2, reassignments: 4 });
      expect(edge?.total).toMatchObject({ minMs: 15 * MIN, maxMs: 50 * MIN, meanMs: 32.5 * MIN });
      expect(stats.steps.find((s) => s.stepId === 'review')).toMatchObject({
        count: 4,
        failed: 2,
        rejected: 2,
        rework: 2,
        reassignments: 4,
        overrunMs: 0,
      });
    });

    it('counts the work bouncing back per team pair: legal → procurement, then procurement → legal', () => {
      const pair = (from: string, to: string) => stats.teamPairs.find((p) => p.from === from && p.to === to);
      expect(pair('legal', 'procurement')).toMatchObject({ count: 2, bounces: 2 });
      expect(pair('procurement', 'legal')).toMatchObject({ count: 4, bounces: 2 });
    });
  });

  describe('when aggregates are merged', () => {
    const streams = [onboarding('a'), procureToPay('b'), onboarding('c'), procureToPay('d'), onboarding('e')];

    it('equals aggregating the union, in any grouping, leaving the parts unchanged', () => {
      const left = aggregateOf(...streams.slice(0, 2));
      const right = aggregateOf(...streams.slice(2));
      const leftBefore = analyticsStats(left);
      const union = analyticsStats(aggregateOf(...streams));
      expect(analyticsStats(mergeAggregates(left, right))).toEqual(union);
      expect(analyticsStats(mergeAggregates(right, left))).toEqual(union);
      expect(analyticsStats(left)).toEqual(leftBefore);
    });

    it('keeps one aggregate per definition version and merges them per definition', () => {
      const byVersion: AggregatesByVersion = new Map();
      for (const events of streams) addToVersion(byVersion, observe(events));
      expect([...byVersion.keys()].sort()).toEqual(['onboarding@1', 'procure-to-pay@2']);
      expect(analyticsStats(definitionAggregate(byVersion, 'onboarding')).cases.started).toBe(3);
      expect(analyticsStats(definitionAggregate(byVersion, 'procure-to-pay', [1])).cases.started).toBe(0);
    });
  });
});
