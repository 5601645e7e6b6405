/**
 * Exact statistics of a list of durations in milliseconds, as imported logs report them. The
 * field names are a public interface (`baton analyze --json`): keep them.
 */
export interface DurationStats {
  readonly count: number;
  readonly meanMs: number;
  /** The middle value; the mean of the two middle values when the count is even. */
  readonly medianMs: number;
  readonly minMs: number;
  readonly maxMs: number;
  /** Sum of all values: the total time spent (or lost, for handoffs). */
  readonly totalMs: number;
  /** Sample standard deviation (divides by n − 1); 0 for a single value. */
  readonly stdevMs: number;
  /** Linear interpolation between order statistics at rank (n − 1)·p, as numpy's default. */
  readonly p90Ms: number;
  readonly p95Ms: number;
  readonly p99Ms: number;
}

/** Exact statistics of `values` (at least one); the input is not modified. */
export function exactStats(values: ArrayLike<number>): DurationStats {
  const n = values.length;
  if (n === 0) throw new RangeError('exactStats needs at least one value');
  const sorted = Float64Array.from(values).sort();
  let total = 0;
  for (let i = 0; i < n; i++) total += sorted[i] as number;
  const mean = total / n;
  let squares = 0;
  for (let i = 0; i < n; i++) {
    const d = (sorted[i] as number) - mean;
    squares += d * d;
  }
  const half = n >> 1;
  const median = n % 2 === 1 ? at(sorted, half) : (at(sorted, half - 1) + at(sorted, half)) / 2;
  return {
    count: n,
    meanMs: mean,
    medianMs: median,
    minMs: at(sorted, 0),
    maxMs: at(sorted, n - 1),
    totalMs: total,
    stdevMs: n > 1 ? Math.sqrt(squares / (n - 1)) : 0,
    p90Ms: percentile(sorted, 90),
    p95Ms: percentile(sorted, 95),
    p99Ms: percentile(sorted, 99),
  };
}

/**
 * The `percent`-th percentile of ascending `sorted` values by linear interpolation at rank
 * (n − 1)·p. The rank is computed in integers (percent is whole) so that e.g. n = 21, p = 0.95
 * lands exactly on rank 19 instead of 18.999….
 */
export function percentile(sorted: ArrayLike<number>, percent: number): number {
  const n = sorted.length;
  if (n === 0) throw new RangeError('percentile needs at least one value');
  if (!Number.isInteger(percent) || percent < 0 || percent > 100) {
    throw new RangeError(`percent must be a whole number from 0 to 100, got ${percent}`);
  }
  const scaled = (n - 1) * percent;
  const lo = Math.floor(scaled / 100);
  const rest = scaled - lo * 100;
  const low = at(sorted, lo);
  if (rest === 0) return low;
  return low + (at(sorted, lo + 1) - low) * (rest / 100);
}

function at(values: ArrayLike<number>, i: number): number {
  return values[i] as number;
}
