import { LogCollapsingLowestDenseDDSketch } from '@datadog/sketches-js';

/**
 * Relative accuracy of every quantile: the value returned for quantile q is within 1% of the
 * exact order statistic x₍⌊q·(n−1)⌋₎ (0-based, sorted ascending). See ADR 0006.
 */
export const RELATIVE_ACCURACY = 0.01;
/**
 * Bins kept per sketch (positive values). At 1% one bin spans a factor 1.0202, so 2048 bins
 * cover 1 ms to ~10^17 ms without collapsing: the bound is never reached by durations, it only
 * caps memory (≈ 16 KB of bins worst case).
 */
export const BIN_LIMIT = 2048;

export interface DurationSummary {
  readonly count: number;
  readonly meanMs: number;
  readonly p50Ms: number;
  readonly p90Ms: number;
  readonly p95Ms: number;
  readonly p99Ms: number;
  readonly minMs: number;
  readonly maxMs: number;
  /** Sum of all durations: the time lost on this edge or step. */
  readonly totalMs: number;
}

/**
 * A sketch as plain data (JSON-safe), canonical: the same durations give the same snapshot
 * whatever order they were added or merged in. `bins[i]` counts the values of key `offset + i`,
 * with no zero count at either end.
 */
export interface DurationSketchSnapshot {
  readonly count: number;
  readonly sum: number;
  readonly min: number;
  readonly max: number;
  /** Zero durations (kept apart by the sketch). */
  readonly zeros: number;
  readonly offset: number;
  readonly bins: readonly number[];
}

/**
 * Durations in bounded memory: exact count, sum, min and max; quantiles from a DDSketch.
 * Mutable (an accumulator); `merge` and `copy` never change their argument.
 */
export class DurationSketch {
  private readonly sketch = new LogCollapsingLowestDenseDDSketch({
    relativeAccuracy: RELATIVE_ACCURACY,
    binLimit: BIN_LIMIT,
  });
  private n = 0;
  private sum = 0;
  private min = Number.POSITIVE_INFINITY;
  private max = Number.NEGATIVE_INFINITY;

  get count(): number {
    return this.n;
  }

  get totalMs(): number {
    return this.sum;
  }

  /** Adds a duration (ms, ≥ 0; negative ones are refused, they would mean corrupt input). */
  add(ms: number): this {
    if (!(ms >= 0) || !Number.isFinite(ms))
      throw new RangeError(`A duration must be a finite number ≥ 0, got ${ms}`);
    this.sketch.accept(ms);
    this.n += 1;
    this.sum += ms;
    if (ms < this.min) this.min = ms;
    if (ms > this.max) this.max = ms;
    return this;
  }

  merge(other: DurationSketch): this {
    if (other.n === 0) return this;
    this.sketch.merge(other.sketch);
    this.n += other.n;
    this.sum += other.sum;
    this.min = Math.min(this.min, other.min);
    this.max = Math.max(this.max, other.max);
    return this;
  }

  copy(): DurationSketch {
    return new DurationSketch().merge(this);
  }

  /** The sketch as plain data, e.g. to keep it in a read model. */
  snapshot(): DurationSketchSnapshot {
    const store = this.sketch.store;
    const bins: number[] = [];
    let offset = 0;
    if (store.count > 0) {
      const at = (key: number) => store.bins[key - store.offset] ?? 0;
      let [first, last] = [store.minKey, store.maxKey];
      while (first < last && at(first) === 0) first++;
      while (last > first && at(last) === 0) last--;
      offset = first;
      for (let key = first; key <= last; key++) bins.push(at(key));
    }
    const empty = this.n === 0;
    return {
      count: this.n,
      sum: this.sum,
      min: empty ? 0 : this.min,
      max: empty ? 0 : this.max,
      zeros: this.sketch.zeroCount,
      offset,
      bins,
    };
  }

  /** The sketch a {@link snapshot} was taken of. */
  static fromSnapshot(snapshot: DurationSketchSnapshot): DurationSketch {
    const restored = new DurationSketch();
    if (snapshot.count === 0) return restored;
    const { sketch } = restored;
    snapshot.bins.forEach((count, i) => {
      if (count > 0) sketch.store.add(snapshot.offset + i, count);
    });
    sketch.zeroCount = snapshot.zeros;
    sketch.count = snapshot.zeros + sketch.store.count;
    restored.n = snapshot.count;
    restored.sum = snapshot.sum;
    restored.min = snapshot.min;
    restored.max = snapshot.max;
    return restored;
  }

  /** Quantile q in [0, 1], clamped to [min, max] (which keeps it within the error bound); NaN when empty. */
  quantile(q: number): number {
    if (this.n === 0) return Number.NaN;
    const value = this.sketch.getValueAtQuantile(q);
    return Math.min(this.max, Math.max(this.min, value));
  }

  /** Zeros everywhere when empty, so summaries serialize without NaN. */
  summary(): DurationSummary {
    if (this.n === 0) {
      return { count: 0, meanMs: 0, p50Ms: 0, p90Ms: 0, p95Ms: 0, p99Ms: 0, minMs: 0, maxMs: 0, totalMs: 0 };
    }
    return {
      count: this.n,
      meanMs: this.sum / this.n,
      p50Ms: this.quantile(0.5),
      p90Ms: this.quantile(0.9),
      p95Ms: this.quantile(0.95),
      p99Ms: this.quantile(0.99),
      minMs: this.min,
      maxMs: this.max,
      totalMs: this.sum,
    };
  }
}
