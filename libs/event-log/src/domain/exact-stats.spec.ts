import fc from 'fast-check';
import { exactStats, percentile } from './exact-stats';

describe('Exact statistics', () => {
  it('of one value: every statistic is that value and the standard deviation is 0', () => {
    expect(exactStats([5])).toEqual({
      count: 1,
      meanMs: 5,
      medianMs: 5,
      minMs: 5,
      maxMs: 5,
      totalMs: 5,
      stdevMs: 0,
      p90Ms: 5,
      p95Ms: 5,
      p99Ms: 5,
    });
  });

  it('of two values: the median is their mean, percentiles interpolate at rank (n − 1)·p', () => {
    const stats = exactStats([10, 4]);
    expect(stats).toMatchObject({ count: 2, meanMs: 7, medianMs: 7, minMs: 4, maxMs: 10, totalMs: 14 });
    // sqrt(((4 − 7)² + (10 − 7)²) / (2 − 1)) = sqrt(18)
    expect(stats.stdevMs).toBe(Math.sqrt(18));
    // ranks 0.9, 0.95, 0.99 between 4 and 10
    expect(stats.p90Ms).toBeCloseTo(9.4, 12);
    expect(stats.p95Ms).toBeCloseTo(9.7, 12);
    expect(stats.p99Ms).toBeCloseTo(9.94, 12);
  });

  it('of an even count: the median is the mean of the two middle values', () => {
    expect(exactStats([4, 1, 3, 2]).medianMs).toBe(2.5);
    expect(exactStats([1, 2, 4, 100]).medianMs).toBe(3);
  });

  it('of a skewed list, by hand', () => {
    const stats = exactStats([100, 1, 3, 2, 4]);
    expect(stats).toMatchObject({ count: 5, meanMs: 22, medianMs: 3, minMs: 1, maxMs: 100, totalMs: 110 });
    // deviations −21 −20 −19 −18 78: squares 441 + 400 + 361 + 324 + 6084 = 7610, / 4 = 1902.5
    expect(stats.stdevMs).toBe(Math.sqrt(1902.5));
    // rank 3.6 → 4 + 0.6·96; 3.8 → 4 + 0.8·96; 3.96 → 4 + 0.96·96
    expect(stats.p90Ms).toBeCloseTo(61.6, 10);
    expect(stats.p95Ms).toBeCloseTo(80.8, 10);
    expect(stats.p99Ms).toBeCloseTo(96.16, 10);
  });

  it('lands exactly on an order statistic when the rank is whole (no floating-point drift)', () => {
    const values = Array.from({ length: 21 }, (_, i) => i * 10); // 0 … 200
    // (21 − 1)·0.95 = 19 and (11 − 1)·0.9 = 9 exactly
    expect(exactStats(values).p95Ms).toBe(190);
    expect(percentile(values.slice(0, 11), 90)).toBe(90);
    expect(percentile(values, 50)).toBe(100);
  });

  it('does not reorder its input', () => {
    const values = [3, 1, 2];
    exactStats(values);
    expect(values).toEqual([3, 1, 2]);
  });

  it('refuses an empty list and a fractional percent', () => {
    expect(() => exactStats([])).toThrow(RangeError);
    expect(() => percentile([1], 99.5)).toThrow(RangeError);
  });

  it('keeps min ≤ median ≤ p90 ≤ p95 ≤ p99 ≤ max and a mean within [min, max]', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 10 ** 12 }), { minLength: 1, maxLength: 200 }),
        (values) => {
          const s = exactStats(values);
          const chain = [s.minMs, s.medianMs, s.p90Ms, s.p95Ms, s.p99Ms, s.maxMs];
          expect(chain).toEqual([...chain].sort((a, b) => a - b));
          expect(s.meanMs).toBeGreaterThanOrEqual(s.minMs - 1e-3);
          expect(s.meanMs).toBeLessThanOrEqual(s.maxMs + 1e-3);
          expect(s.totalMs).toBe(values.reduce((a, b) => a + b, 0));
        },
      ),
    );
  });
});
