import fc from 'fast-check';
import { analyse, handoffsOf, min, type Ev } from './test-support/log-builders';

describe('Handoffs of a case (directly-follows)', () => {
  it('hands off from each instance to the next: B.start − A.completion', () => {
    const events = [
      ['A', 0, 'start', 'ann'],
      ['A', 5, 'complete', 'ann'],
      ['B', 12, 'start', 'bob'],
      ['B', 20, 'complete', 'bob'],
      ['C', 26, 'complete', 'bob'],
    ] as const;
    expect(handoffsOf(events)).toEqual(['A→B 7 *', 'B→C 6']);
  });

  it('measures complete-only logs from completion to completion', () => {
    expect(
      handoffsOf([
        ['A', 0],
        ['B', 10],
        ['C', 25],
      ]),
    ).toEqual(['A→B 10', 'B→C 15']);
  });

  it('gives concurrent (overlapping) activities a handoff of 0, never negative', () => {
    // A 0–10, B 2–8, C 3–15 run in parallel, then D 20–22.
    const events = [
      ['A', 0, 'start'],
      ['B', 2, 'start'],
      ['C', 3, 'start'],
      ['B', 8, 'complete'],
      ['A', 10, 'complete'],
      ['C', 15, 'complete'],
      ['D', 20, 'start'],
      ['D', 22, 'complete'],
    ] as const;
    expect(handoffsOf(events)).toEqual(['A→B 0', 'B→C 0', 'C→D 5']);
  });

  it('keeps rework loops as self-loops', () => {
    const events = [
      ['A', 0, 'start'],
      ['A', 5, 'complete'],
      ['A', 10, 'start'],
      ['A', 12, 'complete'],
      ['B', 15, 'start'],
      ['B', 20, 'complete'],
    ] as const;
    expect(handoffsOf(events)).toEqual(['A→A 5', 'A→B 3']);
  });

  it('marks a handover only when both resources are known and differ', () => {
    const events = [
      ['A', 0, undefined, 'ann'],
      ['B', 1, undefined, 'ann'],
      ['C', 2, undefined, 'bob'],
      ['D', 3, undefined, undefined],
      ['E', 4, undefined, 'cid'],
    ] as const;
    expect(handoffsOf(events)).toEqual(['A→B 1', 'B→C 1 *', 'C→D 1', 'D→E 1']);
  });

  it('has no handoff in a case of one instance', () => {
    expect(
      handoffsOf([
        ['A', 0, 'start'],
        ['A', 3],
      ]),
    ).toEqual([]);
  });
});

describe('Statistics of a log', () => {
  // Case 1: A 0–5 (ann), B 12–20 (bob), A 30–31 (ann): rework after B.
  // Case 2: A complete-only at 100 (ann), B 104–110 (ann), a start of C never completed at 120.
  const case1 = [
    ['A', 0, 'start', 'ann', 'sales'],
    ['A', 5, 'complete', 'ann', 'sales'],
    ['B', 12, 'start', 'bob', 'finance'],
    ['B', 20, 'complete', 'bob', 'finance'],
    ['A', 30, 'start', 'ann', 'sales'],
    ['A', 31, 'complete', 'ann', 'sales'],
  ] as const;
  const case2 = [
    ['A', 100, undefined, 'ann', 'sales'],
    ['B', 104, 'start', 'ann', 'sales'],
    ['B', 110, 'COMPLETE', 'ann', 'sales'],
    ['C', 120, 'start', 'cid'],
    ['C', 121, 'schedule', 'cid'],
  ] as const;
  const report = analyse(case1, case2);

  it('counts events, cases, instances and what formed no instance', () => {
    expect(report.log).toEqual({
      events: 11,
      cases: 2,
      instances: 5,
      startsWithoutComplete: 1,
      otherTransitions: 1,
    });
  });

  it('times cases from first to last event over all transitions (31 and 21 minutes)', () => {
    expect(report.cases).toMatchObject({
      count: 2,
      minMs: min(21),
      maxMs: min(31),
      medianMs: min(26),
      meanMs: min(26),
      totalMs: min(52),
      stdevMs: Math.sqrt((min(5) ** 2 * 2) / 1),
    });
  });

  it('times steps by work time, counting instances without a start', () => {
    // A: 5, 1 and 0 (complete-only); B: 8 and 6.
    expect(report.steps.map((s) => [s.activity, s.count, s.totalMs, s.medianMs, s.withoutStart])).toEqual([
      ['B', 2, min(14), min(7), 0],
      ['A', 3, min(6), min(1), 1],
    ]);
  });

  it('pools handoffs per edge across cases, biggest total first', () => {
    // A→B: 12 − 5 = 7 (ann→bob), 104 − 100 = 4 (ann→ann); B→A: 30 − 20 = 10 (bob→ann).
    expect(report.handoffs).toEqual([
      {
        from: 'A',
        to: 'B',
        count: 2,
        meanMs: min(5.5),
        medianMs: min(5.5),
        minMs: min(4),
        maxMs: min(7),
        totalMs: min(11),
        stdevMs: Math.sqrt(2 * min(1.5) ** 2),
        p90Ms: min(4) + min(3) * 0.9,
        p95Ms: min(4) + min(3) * 0.95,
        p99Ms: min(4) + min(3) * 0.99,
        handovers: 1,
      },
      {
        from: 'B',
        to: 'A',
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
        handovers: 1,
      },
    ]);
  });

  it('lists handovers per resource pair and per team pair', () => {
    expect(report.handovers.map((h) => [h.from, h.to, h.count, h.totalMs])).toEqual([
      ['bob', 'ann', 1, min(10)],
      ['ann', 'bob', 1, min(7)],
    ]);
    expect(report.teamHandovers.map((h) => [h.from, h.to, h.count, h.totalMs])).toEqual([
      ['finance', 'sales', 1, min(10)],
      ['sales', 'finance', 1, min(7)],
    ]);
  });

  it('reports an empty log as no case and no rows', () => {
    expect(analyse()).toEqual({
      log: { events: 0, cases: 0, instances: 0, startsWithoutComplete: 0, otherTransitions: 0 },
      cases: { count: 0 },
      steps: [],
      handoffs: [],
      handovers: [],
      teamHandovers: [],
      startActivities: [],
      endActivities: [],
    });
  });

  it('counts the activities cases begin and end with, most frequent first', () => {
    const report = analyse(
      case1,
      case2,
      [
        ['B', 0],
        ['C', 1],
      ],
      [['C', 0, 'start']],
    );
    // Case 1: A … A; case 2: A … B (C never completed); case 3: B … C; case 4 has no instance.
    expect(report.startActivities).toEqual([
      { activity: 'A', count: 2 },
      { activity: 'B', count: 1 },
    ]);
    expect(report.endActivities).toEqual([
      { activity: 'A', count: 1 },
      { activity: 'B', count: 1 },
      { activity: 'C', count: 1 },
    ]);
  });

  it('does not depend on the order in which cases are added', () => {
    const cases: (readonly Ev[])[] = [
      case1,
      case2,
      [
        ['A', 0],
        ['B', 7],
        ['A', 9],
      ],
      [
        ['B', 0, 'start'],
        ['B', 4],
      ],
    ];
    const expected = analyse(...cases);
    fc.assert(
      fc.property(fc.shuffledSubarray(cases, { minLength: cases.length }), (shuffled) => {
        expect(analyse(...shuffled)).toEqual(expected);
      }),
    );
  });
});
