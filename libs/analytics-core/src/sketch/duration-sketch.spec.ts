import { DurationSketch, RELATIVE_ACCURACY } from './duration-sketch';

/** Seeded PRNG (mulberry32) so every run checks the same data. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const N = 20_000;
const uniform = (r: () => number) => Array.from({ length: N }, () => Math.round(r() * 3_600_000));
const lognormal = (r: () => number) =>
  Array.from({ length: N }, () => {
    const z = Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
    return Math.round(Math.exp(12 + 2 * z)); // median ~2.7 min, long tail to days
  });
/** Pareto with α = 1.16 (the 80/20 rule), minimum one minute: infinite variance. */
const pareto = (r: () => number) =>
  Array.from({ length: N }, () => Math.round(60_000 / Math.pow(1 - r(), 1 / 1.16)));
/** Mostly instant handoffs (0 ms) with a heavy tail. */
const zeroHeavy = (r: () => number) =>
  Array.from({ length: N }, () => (r() < 0.6 ? 0 : Math.round(1 + r() ** 4 * 1e9)));

/** The order statistic the sketch approximates: x₍⌊q·(n−1)⌋₎, 0-based, sorted ascending. */
const exact = (sorted: number[], q: number) => sorted[Math.floor(q * (sorted.length - 1))] as number;
const relativeError = (estimate: number, truth: number) =>
  truth === 0 ? Math.abs(estimate) : Math.abs(estimate - truth) / truth;

const QUANTILES = [0, 0.01, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999, 1];

describe('DurationSketch', () => {
  describe.each([
    ['uniform', uniform, 1],
    ['lognormal', lognormal, 2],
    ['Pareto', pareto, 3],
    ['mostly zero', zeroHeavy, 4],
  ])('on %s data', (_name, generate, seed) => {
    const values = generate(random(seed));
    const sorted = [...values].sort((a, b) => a - b);
    const sketch = new DurationSketch();
    values.forEach((v) => sketch.add(v));

    it.each(QUANTILES)(`keeps quantile %p within ${RELATIVE_ACCURACY * 100}% of the exact value`, (q) => {
      expect(relativeError(sketch.quantile(q), exact(sorted, q))).toBeLessThanOrEqual(
        RELATIVE_ACCURACY + 1e-12,
      );
    });

    it('counts, sums and bounds exactly', () => {
      const s = sketch.summary();
      expect([s.count, s.minMs, s.maxMs, s.totalMs]).toEqual([
        N,
        sorted[0],
        sorted[N - 1],
        values.reduce((a, b) => a + b, 0),
      ]);
      expect(s.meanMs).toBeCloseTo(s.totalMs / N, 9);
    });
  });

  it('merges into exactly what one sketch of the union holds, without changing its argument', () => {
    const r = random(7);
    const [left, right] = [lognormal(r), pareto(r)];
    const union = new DurationSketch();
    [...left, ...right].forEach((v) => union.add(v));
    const a = new DurationSketch();
    const b = new DurationSketch();
    left.forEach((v) => a.add(v));
    right.forEach((v) => b.add(v));
    const before = b.summary();
    expect(a.copy().merge(b).summary()).toEqual(union.summary());
    expect(b.summary()).toEqual(before);
    expect(new DurationSketch().merge(a).summary()).toEqual(a.summary());
  });

  it('snapshots to plain data that restores the same answers, the same whatever the order of adding and merging', () => {
    const r = random(11);
    const values = [...zeroHeavy(r).slice(0, 3_000), ...lognormal(r).slice(0, 3_000)];
    const inOrder = new DurationSketch();
    values.forEach((v) => inOrder.add(v));
    const reversed = new DurationSketch();
    [...values].reverse().forEach((v) => reversed.add(v));
    const halves = [new DurationSketch(), new DurationSketch()];
    values.forEach((v, i) => halves[i % 2]?.add(v));
    const merged = (halves[1] as DurationSketch).copy().merge(halves[0] as DurationSketch);

    const snapshot = inOrder.snapshot();
    expect(reversed.snapshot()).toEqual(snapshot);
    expect(merged.snapshot()).toEqual(snapshot);
    const restored = DurationSketch.fromSnapshot(JSON.parse(JSON.stringify(snapshot)));
    expect(restored.summary()).toEqual(inOrder.summary());
    for (const q of QUANTILES) expect(restored.quantile(q)).toBe(inOrder.quantile(q));
    expect(restored.merge(halves[0] as DurationSketch).snapshot()).toEqual(
      inOrder
        .copy()
        .merge(halves[0] as DurationSketch)
        .snapshot(),
    );
    expect(DurationSketch.fromSnapshot(new DurationSketch().snapshot()).summary().count).toBe(0);
  });

  it('answers one value exactly and an empty sketch with zeros', () => {
    expect(new DurationSketch().add(123_456).summary()).toMatchObject({ p50Ms: 123_456, p99Ms: 123_456 });
    expect(new DurationSketch().summary()).toMatchObject({ count: 0, p50Ms: 0, totalMs: 0 });
    expect(new DurationSketch().quantile(0.5)).toBeNaN();
  });

  it('refuses negative and non-finite durations', () => {
    expect(() => new DurationSketch().add(-1)).toThrow(RangeError);
    expect(() => new DurationSketch().add(Number.NaN)).toThrow(RangeError);
  });
});
