import { transitionOf } from './activity-instance';
import { CaseBuilder } from './case-builder';
import { buildCase, handoffsOf, instancesOf, min } from './test-support/log-builders';

describe('Activity instances of a case', () => {
  describe('when the log has complete events only', () => {
    it('makes each event an instance that starts when it completes, in time order', () => {
      expect(
        instancesOf([
          ['A', 0],
          ['B', 10],
          ['C', 25],
        ]),
      ).toEqual(['A 0–0 (no start)', 'B 10–10 (no start)', 'C 25–25 (no start)']);
    });

    it('orders by time, not by position in the file', () => {
      expect(
        instancesOf([
          ['B', 10],
          ['A', 0],
        ]),
      ).toEqual(['A 0–0 (no start)', 'B 10–10 (no start)']);
    });
  });

  describe('when the log has start and complete events', () => {
    it('pairs a start with the next complete of the same activity', () => {
      const events = [
        ['A', 0, 'start'],
        ['A', 5, 'complete'],
        ['B', 12, 'start'],
        ['B', 20, 'complete'],
      ] as const;
      expect(instancesOf(events)).toEqual(['A 0–5', 'B 12–20']);
    });

    it('closes the oldest open instance first (first in, first out)', () => {
      const events = [
        ['A', 0, 'start'],
        ['A', 2, 'start'],
        ['A', 5, 'complete'],
        ['A', 9, 'complete'],
      ] as const;
      expect(instancesOf(events)).toEqual(['A 0–5', 'A 2–9']);
    });

    it('makes a complete without an open start an instance that starts when it completes', () => {
      const events = [
        ['A', 0, 'start'],
        ['A', 5, 'complete'],
        ['A', 8, 'complete'],
      ] as const;
      expect(instancesOf(events)).toEqual(['A 0–5', 'A 8–8 (no start)']);
    });

    it('counts a start that is never completed and forms no instance from it', () => {
      const finished = buildCase([
        ['A', 0, 'start'],
        ['B', 5, 'complete'],
      ]);
      expect(finished.instances.map((i) => i.activity)).toEqual(['B']);
      expect(finished.startsWithoutComplete).toBe(1);
    });

    it('does not let a start close an instance of another activity', () => {
      expect(
        instancesOf([
          ['A', 0, 'start'],
          ['B', 3, 'start'],
          ['B', 4],
          ['A', 6],
        ]),
      ).toEqual(['A 0–6', 'B 3–4']);
    });
  });

  describe('lifecycle values', () => {
    it('are compared without case and surrounding spaces; missing or empty means complete', () => {
      expect(['START', ' Start ', 'start'].map(transitionOf)).toEqual(['start', 'start', 'start']);
      expect(['COMPLETE', 'Complete ', '', undefined].map(transitionOf)).toEqual([
        'complete',
        'complete',
        'complete',
        'complete',
      ]);
    });

    it('ignores other transitions for instances but counts them', () => {
      const finished = buildCase([
        ['A', 0, 'schedule'],
        ['A', 1, 'assign'],
        ['A', 2, 'START'],
        ['A', 3, 'suspend'],
        ['A', 4, 'resume'],
        ['A', 6, 'Complete'],
        ['A', 7, 'ate_abort'],
      ]);
      expect(finished.instances.map((i) => [i.startMs, i.completeMs])).toEqual([[min(2), min(6)]]);
      expect(finished.otherTransitions).toBe(5);
    });
  });

  it('spans the case from its first to its last event over all transitions', () => {
    const finished = buildCase([
      ['A', 3, 'start'],
      ['A', 5, 'complete'],
      ['B', 1, 'schedule'],
      ['B', 9, 'start'],
    ]);
    expect([finished.firstMs, finished.lastMs, finished.events]).toEqual([min(1), min(9), 4]);
  });

  it("takes the completing event's resource and team", () => {
    const [instance] = buildCase([
      ['A', 0, 'start', 'ann', 'sales'],
      ['A', 5, 'complete', 'bob', 'finance'],
    ]).instances;
    expect(instance).toMatchObject({ resource: 'bob', team: 'finance', started: true });
  });

  it('takes a start time carried by the completing record itself', () => {
    const builder = new CaseBuilder('c');
    builder.add({ activity: 'A', timeMs: min(10), startMs: min(4), position: 0 });
    builder.add({ activity: 'B', timeMs: min(12), position: 1 });
    const finished = builder.finish();
    expect(finished.instances.map((i) => [i.activity, i.startMs, i.completeMs, i.started])).toEqual([
      ['A', min(4), min(10), true],
      ['B', min(12), min(12), false],
    ]);
    expect(finished.firstMs).toBe(min(4));
  });

  describe('identical timestamps', () => {
    it('orders instances with equal start by completion', () => {
      const events = [
        ['A', 0, 'start'],
        ['B', 0, 'start'],
        ['A', 5],
        ['B', 3],
      ] as const;
      expect(instancesOf(events)).toEqual(['B 0–3', 'A 0–5']);
    });

    it('orders instances with equal start and completion by position in the file', () => {
      expect(
        instancesOf([
          ['Y', 10],
          ['X', 10],
          ['W', 10],
        ]),
      ).toEqual(['Y 10–10 (no start)', 'X 10–10 (no start)', 'W 10–10 (no start)']);
      expect(
        handoffsOf([
          ['Y', 10],
          ['X', 10],
        ]),
      ).toEqual(['Y→X 0']);
    });
  });
});
