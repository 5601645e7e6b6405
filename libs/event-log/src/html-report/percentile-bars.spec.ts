import { analyse } from '../domain/test-support/log-builders';
import { heatScale } from './heat';
import { logAxis, percentileBars, xOf } from './percentile-bars';

const MIN = 60_000;
const HOUR = 60 * MIN;

describe('Percentile bars', () => {
  it('share one log axis from the round duration below the smallest time to the one above the largest', () => {
    const axis = logAxis([0, 90_000, 2 * HOUR], 600);
    expect(axis).toEqual({ loMs: MIN, hiMs: 6 * HOUR, width: 600 });
    expect(xOf(0, axis)).toBe(0);
    expect(xOf(MIN, axis)).toBe(0);
    expect(xOf(6 * HOUR, axis)).toBe(600);
    // A log scale: equal ratios are equal distances, and the geometric middle is half-way.
    expect(xOf(20 * MIN, axis) - xOf(10 * MIN, axis)).toBeCloseTo(xOf(2 * MIN, axis) - xOf(MIN, axis), 6);
    expect(xOf(Math.sqrt(360) * MIN, axis)).toBeCloseTo(300, 6);
  });

  it('draw p50, p90, p95, p99 and max of each edge in order along the axis', () => {
    // A → B waits 1, 2, 4, … 512 minutes over ten cases.
    const cases = Array.from(
      { length: 10 },
      (_, i) =>
        [
          ['A', 0],
          ['B', 2 ** i],
        ] as const,
    );
    const report = analyse(...cases);
    const html = percentileBars(report.handoffs, {
      scale: heatScale(report.handoffs.map((h) => h.p90Ms)),
      worst: new Map(),
      minor: new Set(),
    });
    const rect = (cls: string) => {
      const m = html.match(new RegExp(`<rect class="${cls}" x="([\\d.]+)" y="4" width="([\\d.]+)"`));
      return [Number(m?.[1]), Number(m?.[1]) + Number(m?.[2])];
    };
    const [, p50] = rect('q50');
    const [from90, p90] = rect('q90');
    const [from95, p95] = rect('q95');
    const [from99, p99] = rect('q99');
    // Each part starts where the one before ends (coordinates have one decimal).
    [from90, from95, from99].forEach((start, i) =>
      expect(start).toBeCloseTo([p50, p90, p95][i] as number, 0),
    );
    expect(p50).toBeLessThan(p90 as number);
    expect(p90).toBeLessThan(p95 as number);
    expect(p95).toBeLessThan(p99 as number);
    const max = Number(html.match(/<line class="qmax" x1="[\d.]+" x2="([\d.]+)"/)?.[1]);
    expect(max).toBeGreaterThan(p99 as number);
    // From 10 min, below the p50 of 24 min, to 1 d, above the max of 8.5 h.
    expect(html).toContain('<text x="0" y="12">10 min</text>');
    expect(html).toContain('<text x="520" y="12">1 d</text>');
    expect(html).toContain('<tr data-bar="A→B">');
  });

  it('say so when there is no handoff', () => {
    expect(percentileBars([], { scale: heatScale([]), worst: new Map(), minor: new Set() })).toContain(
      'No handoffs',
    );
  });
});
