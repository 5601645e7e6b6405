import {
  BIN_LIMIT,
  DurationSketch,
  RELATIVE_ACCURACY,
  type DurationSketchSnapshot,
  type DurationSummary,
} from '@baton/analytics-core';
import { LogCollapsingLowestDenseDDSketch } from '@datadog/sketches-js';

/** The key → value mapping every duration sketch uses (the library's own, for the same floats). */
const MAPPING = new LogCollapsingLowestDenseDDSketch({
  relativeAccuracy: RELATIVE_ACCURACY,
  binLimit: BIN_LIMIT,
}).mapping;

/**
 * Sketch snapshots summed as data: bin counts added key by key, count, sum, zeros, min and max
 * combined, which is what DDSketch's merge does for sketches of one mapping (every duration sketch
 * has the same accuracy); restoring a sketch per snapshot only to merge it cost more than the
 * query's reads. Durations are whole milliseconds, so the sums are exact in any order, and the
 * result is the canonical snapshot the merged sketches would give.
 */
export class SketchSum {
  private n = 0;
  private sum = 0;
  private min = Number.POSITIVE_INFINITY;
  private max = Number.NEGATIVE_INFINITY;
  private zeros = 0;
  private offset = 0;
  private bins: number[] = [];
  /** The bins are this sum's own, not the first snapshot's (copied before the first change). */
  private owned = false;

  get count(): number {
    return this.n;
  }

  add(s: DurationSketchSnapshot): this {
    if (s.count === 0) return this;
    this.n += s.count;
    this.sum += s.sum;
    this.zeros += s.zeros;
    if (s.min < this.min) this.min = s.min;
    if (s.max > this.max) this.max = s.max;
    if (s.bins.length === 0) return this;
    if (this.bins.length === 0) {
      // Most sums hold one snapshot: its bins are shared until a second one changes them.
      this.offset = s.offset;
      this.bins = s.bins as number[];
      return this;
    }
    if (!this.owned) [this.bins, this.owned] = [[...this.bins], true];
    if (s.offset < this.offset) {
      this.bins = [...new Array<number>(this.offset - s.offset).fill(0), ...this.bins];
      this.offset = s.offset;
    }
    const from = s.offset - this.offset;
    for (let i = this.bins.length; i < from + s.bins.length; i++) this.bins.push(0);
    for (let i = 0; i < s.bins.length; i++)
      this.bins[from + i] = (this.bins[from + i] as number) + (s.bins[i] as number);
    return this;
  }

  snapshot(): DurationSketchSnapshot {
    const empty = this.n === 0;
    return {
      count: this.n,
      sum: this.sum,
      min: empty ? 0 : this.min,
      max: empty ? 0 : this.max,
      zeros: this.zeros,
      offset: this.offset,
      bins: this.bins,
    };
  }

  sketch(): DurationSketch {
    return DurationSketch.fromSnapshot(this.snapshot());
  }

  /**
   * DurationSketch.summary() of the sum, without restoring a sketch: the quantile's rank walked
   * over the bins as DDSketch's dense store does, its key mapped to a value by the same mapping,
   * clamped to [min, max] as DurationSketch.quantile does.
   */
  summary(): DurationSummary {
    if (this.n === 0) {
      return { count: 0, meanMs: 0, p50Ms: 0, p90Ms: 0, p95Ms: 0, p99Ms: 0, minMs: 0, maxMs: 0, totalMs: 0 };
    }
    let stored = 0;
    for (const n of this.bins) stored += n;
    const all = this.zeros + stored;
    // The four ranks ascend, so one walk over the bins finds their keys.
    const ranks = QUANTILES.map((q) => q * (all - 1) - this.zeros);
    const values: number[] = [];
    let running = 0;
    for (let i = 0, next = 0; next < ranks.length;) {
      const rank = ranks[next] as number;
      if (rank < 0) values[next++] = 0;
      else if (i >= this.bins.length) values[next++] = MAPPING.value(this.offset + this.bins.length - 1);
      else if (running + (this.bins[i] as number) > rank) values[next++] = MAPPING.value(this.offset + i);
      else running += this.bins[i++] as number;
    }
    const [p50Ms, p90Ms, p95Ms, p99Ms] = values.map((v) => Math.min(this.max, Math.max(this.min, v)));
    return {
      count: this.n,
      meanMs: this.sum / this.n,
      p50Ms: p50Ms as number,
      p90Ms: p90Ms as number,
      p95Ms: p95Ms as number,
      p99Ms: p99Ms as number,
      minMs: this.min,
      maxMs: this.max,
      totalMs: this.sum,
    };
  }
}

const QUANTILES = [0.5, 0.9, 0.95, 0.99] as const;

const isSketch = (value: object): value is DurationSketchSnapshot => 'bins' in value;

type Plain = { readonly [field: string]: unknown };

/**
 * Aggregate snapshots (handoff, step) summed field by field: sketches by {@link SketchSum}, counts
 * by addition (a field missing from older snapshots counts 0), nested counts (SLA) likewise, as
 * analytics-core's mergeHandoff and mergeStep do; names are the first snapshot's.
 */
export class SnapshotSum<S extends object> {
  private readonly numbers = new Map<string, number>();
  private readonly sketches = new Map<string, SketchSum>();
  private readonly nested = new Map<string, SnapshotSum<object>>();
  private readonly names = new Map<string, unknown>();

  add(snapshot: S): this {
    for (const [field, value] of Object.entries(snapshot as Plain)) {
      if (typeof value === 'number') this.numbers.set(field, (this.numbers.get(field) ?? 0) + value);
      else if (value !== null && typeof value === 'object') {
        if (isSketch(value)) entry(this.sketches, field, () => new SketchSum()).add(value);
        else entry(this.nested, field, () => new SnapshotSum()).add(value);
      } else if (!this.names.has(field)) this.names.set(field, value);
    }
    return this;
  }

  snapshot(): S {
    const out: Record<string, unknown> = Object.fromEntries(this.names);
    for (const [field, n] of this.numbers) out[field] = n;
    for (const [field, s] of this.sketches) out[field] = s.snapshot();
    for (const [field, s] of this.nested) out[field] = s.snapshot();
    return out as S;
  }
}

function entry<V>(map: Map<string, V>, key: string, create: () => V): V {
  let found = map.get(key);
  if (found === undefined) map.set(key, (found = create()));
  return found;
}
