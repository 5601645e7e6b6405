import type { FinishedCase } from './case-builder';
import { exactStats } from './exact-stats';
import { handoffPairs } from './handoff-pairs';
import {
  byTotalThenCount,
  type ActivityCount,
  type HandoffStats,
  type LogReport,
  type PairStats,
  type StepStats,
} from './log-report';

interface StepSamples {
  readonly workMs: number[];
  withoutStart: number;
}

interface EdgeSamples {
  readonly handoffMs: number[];
  handovers: number;
}

/** The time between two instants as the statistics count it: elapsed, or working time only. */
export type DurationClock = (fromMs: number, toMs: number) => number;

const elapsed: DurationClock = (fromMs, toMs) => toMs - fromMs;

/**
 * Folds finished cases into the statistics of a log. It keeps every duration (the statistics are
 * exact), not the cases: memory grows with the number of instances, not with the file's size.
 */
export class LogAnalysis {
  private readonly caseMs: number[] = [];
  private readonly steps = new Map<string, StepSamples>();
  private readonly edges = new Map<string, Map<string, EdgeSamples>>();
  private readonly handovers = new Map<string, Map<string, number[]>>();
  private readonly teamHandovers = new Map<string, Map<string, number[]>>();
  private readonly starts = new Map<string, number>();
  private readonly ends = new Map<string, number>();
  private events = 0;
  private instances = 0;
  private startsWithoutComplete = 0;
  private otherTransitions = 0;

  /** `clock`: how durations are measured (default: elapsed time; business hours with a calendar). */
  constructor(private readonly clock: DurationClock = elapsed) {}

  addCase(finished: FinishedCase): void {
    this.events += finished.events;
    this.startsWithoutComplete += finished.startsWithoutComplete;
    this.otherTransitions += finished.otherTransitions;
    if (finished.events > 0) this.caseMs.push(this.clock(finished.firstMs, finished.lastMs));
    this.instances += finished.instances.length;
    const first = finished.instances[0];
    const last = finished.instances[finished.instances.length - 1];
    if (first) this.starts.set(first.activity, (this.starts.get(first.activity) ?? 0) + 1);
    if (last) this.ends.set(last.activity, (this.ends.get(last.activity) ?? 0) + 1);
    for (const instance of finished.instances) {
      const step = entry(this.steps, instance.activity, () => ({ workMs: [], withoutStart: 0 }));
      step.workMs.push(this.clock(instance.startMs, instance.completeMs));
      if (!instance.started) step.withoutStart++;
    }
    for (const pair of handoffPairs(finished.instances)) {
      const { from, to } = pair;
      // Overlapping (concurrent) instances hand off in no time, whichever the clock.
      const handoffMs = pair.handoffMs > 0 ? this.clock(from.completeMs, to.startMs) : 0;
      const edge = entry(inner(this.edges, from.activity), to.activity, () => ({
        handoffMs: [],
        handovers: 0,
      }));
      edge.handoffMs.push(handoffMs);
      if (pair.handover) {
        edge.handovers++;
        entry(inner(this.handovers, from.resource as string), to.resource as string, () => []).push(
          handoffMs,
        );
      }
      if (pair.teamHandover) {
        entry(inner(this.teamHandovers, from.team as string), to.team as string, () => []).push(handoffMs);
      }
    }
  }

  report(): LogReport {
    const steps: StepStats[] = [...this.steps].map(([activity, s]) => ({
      activity,
      ...exactStats(s.workMs),
      withoutStart: s.withoutStart,
    }));
    const handoffs: HandoffStats[] = pairs(this.edges).map(([from, to, e]) => ({
      from,
      to,
      ...exactStats(e.handoffMs),
      handovers: e.handovers,
    }));
    return {
      log: {
        events: this.events,
        cases: this.caseMs.length,
        instances: this.instances,
        startsWithoutComplete: this.startsWithoutComplete,
        otherTransitions: this.otherTransitions,
      },
      cases: this.caseMs.length > 0 ? exactStats(this.caseMs) : { count: 0 },
      steps: steps.sort(byTotalThenCount((s) => s.activity)),
      handoffs: handoffs.sort(byTotalThenCount<HandoffStats>(edgeName)),
      handovers: pairStats(this.handovers),
      teamHandovers: pairStats(this.teamHandovers),
      startActivities: counts(this.starts),
      endActivities: counts(this.ends),
    };
  }
}

function pairStats(map: Map<string, Map<string, number[]>>): PairStats[] {
  return pairs(map)
    .map(([from, to, values]) => ({ from, to, ...exactStats(values) }))
    .sort(byTotalThenCount<PairStats>(edgeName));
}

function counts(map: Map<string, number>): ActivityCount[] {
  return [...map]
    .map(([activity, count]) => ({ activity, count }))
    .sort((a, b) => b.count - a.count || (a.activity < b.activity ? -1 : a.activity > b.activity ? 1 : 0));
}

function pairs<V>(map: Map<string, Map<string, V>>): [string, string, V][] {
  const rows: [string, string, V][] = [];
  for (const [from, targets] of map) for (const [to, value] of targets) rows.push([from, to, value]);
  return rows;
}

const edgeName = (e: { from: string; to: string }) => `${e.from}\u0000${e.to}`;

function inner<V>(map: Map<string, Map<string, V>>, key: string): Map<string, V> {
  return entry(map, key, () => new Map<string, V>());
}

function entry<K, V>(map: Map<K, V>, key: K, create: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = create();
    map.set(key, value);
  }
  return value;
}
