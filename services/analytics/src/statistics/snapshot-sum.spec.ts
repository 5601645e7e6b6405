import {
  DurationSketch,
  emptyHandoff,
  handoffFromSnapshot,
  handoffSnapshot,
  mergeHandoff,
  type HandoffAggregate,
} from '@baton/analytics-core';
import fc from 'fast-check';
import { SketchSum, SnapshotSum } from './snapshot-sum';

/** Whole milliseconds from 0 to about 40 days, zeros and repeats included. */
const durations = fc.array(
  fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 1, max: 3_500_000_000 })),
  { maxLength: 40 },
);
const sketchOf = (ms: readonly number[]) => ms.reduce((s, d) => s.add(d), new DurationSketch());

const handoff = fc
  .record({
    routing: durations,
    total: durations,
    withSla: fc.nat(5),
    breaches: fc.nat(5),
    counts: fc.array(fc.nat(9), { minLength: 6, maxLength: 6 }),
  })
  .map(({ routing, total, withSla, breaches, counts }): HandoffAggregate => {
    const [overrunMs, reassignments, joins, rework, crossTeam, bounces] = counts as number[];
    return {
      ...emptyHandoff('a', 'b'),
      routing: sketchOf(routing),
      total: sketchOf(total),
      sla: { withSla, breaches },
      overrunMs: overrunMs as number,
      reassignments: reassignments as number,
      joins: joins as number,
      rework: rework as number,
      crossTeam: crossTeam as number,
      bounces: bounces as number,
    };
  });

describe('Snapshot sums', () => {
  it('give the snapshot and summary of the merged sketches, whatever the order', () => {
    fc.assert(
      fc.property(fc.array(durations, { maxLength: 8 }), (parts) => {
        const merged = parts.map(sketchOf).reduce((into, s) => into.merge(s), new DurationSketch());
        const sum = new SketchSum();
        for (const part of [...parts].reverse()) sum.add(sketchOf(part).snapshot());
        expect(sum.count).toBe(merged.count);
        expect(sum.snapshot()).toEqual(merged.snapshot());
        expect(sum.summary()).toEqual(merged.summary());
        expect(sum.sketch().summary()).toEqual(merged.summary());
      }),
      { numRuns: 300 },
    );
  });

  it('sum handoff aggregates as mergeHandoff does, older snapshots without some counts included', () => {
    fc.assert(
      fc.property(fc.array(handoff, { minLength: 1, maxLength: 6 }), (aggregates) => {
        const merged = emptyHandoff('a', 'b');
        for (const a of aggregates) mergeHandoff(merged, a);
        const sum = new SnapshotSum<ReturnType<typeof handoffSnapshot>>();
        for (const a of aggregates) sum.add(JSON.parse(JSON.stringify(handoffSnapshot(a))));
        // A snapshot taken before `bounces` was kept reads as 0.
        const { bounces: _b, ...older } = handoffSnapshot(emptyHandoff('a', 'b'));
        sum.add(older);
        expect(handoffSnapshot(handoffFromSnapshot(sum.snapshot()))).toEqual(handoffSnapshot(merged));
      }),
      { numRuns: 200 },
    );
  });
});
