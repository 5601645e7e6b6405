import type { HandoffStats } from '../domain/log-report';
import { analyse } from '../domain/test-support/log-builders';
import { heatBounds, heatOf, heatScale, minorEdges, worstEdges } from './heat';
import { processMapSvg } from './process-map-svg';

const MIN = 60_000;

describe('Edge colours', () => {
  // p90s from 1 minute to 10,000 minutes: four decades cut in five levels of 0.8 decade each.
  const scale = heatScale([0, MIN, 100 * MIN, 10_000 * MIN]);

  it('spans the positive p90s of the map', () => {
    expect(scale).toEqual({ loMs: MIN, hiMs: 10_000 * MIN });
  });

  it('cuts the log range in five equal levels, quickest 0 to slowest 4', () => {
    expect(heatOf(MIN, scale)).toBe(0);
    expect(heatOf(6 * MIN, scale)).toBe(0); // 0.78 decade
    expect(heatOf(7 * MIN, scale)).toBe(1); // 0.85 decade
    expect(heatOf(100 * MIN, scale)).toBe(2); // the geometric middle
    expect(heatOf(1000 * MIN, scale)).toBe(3);
    expect(heatOf(2600 * MIN, scale)).toBe(4); // 3.41 decades
    expect(heatOf(10_000 * MIN, scale)).toBe(4);
  });

  it('colours no wait as the quickest, and a map whose handoffs all take the same time in the middle', () => {
    expect(heatOf(0, scale)).toBe(0);
    expect(heatOf(5 * MIN, heatScale([5 * MIN, 5 * MIN]))).toBe(2);
    expect(heatOf(0, heatScale([0, 0]))).toBe(0);
  });

  it('gives the legend the four times between the levels', () => {
    expect(heatBounds(scale).map((b) => Math.round(b / MIN))).toEqual([6, 40, 251, 1585]);
    expect(heatBounds(heatScale([5 * MIN]))).toEqual([]);
  });

  it('colours each edge of the map by its p90', () => {
    // A→B waits 1 minute, B→C 10 hours, C→D 20 minutes.
    const report = analyse([
      ['A', 0],
      ['B', 1],
      ['C', 601],
      ['D', 621],
    ]);
    const marks = {
      scale: heatScale(report.handoffs.map((h) => h.p90Ms)),
      worst: new Map(),
      minor: new Set<string>(),
    };
    const svg = processMapSvg(report, marks);
    const heat = (edge: string) => svg.match(new RegExp(`data-edge="${edge}"[^>]*data-heat="(\\d)"`))?.[1];
    expect([heat('A→B'), heat('C→D'), heat('B→C')]).toEqual(['0', '2', '4']);
    expect(svg).toMatch(/<g class="edge h4" data-edge="B→C"/);
    expect(svg).toContain('marker-end="url(#arrow-h4)"');
  });
});

describe('The worst edges', () => {
  const edge = (from: string, totalMs: number, count = 1) =>
    ({ from, to: 'Z', totalMs, count }) as HandoffStats;

  it('are the three that lost the most time in all, ranked', () => {
    const worst = worstEdges([edge('A', 10), edge('B', 50), edge('C', 30), edge('D', 40), edge('E', 0)]);
    expect([...worst]).toEqual([
      ['B\u0000Z', 1],
      ['D\u0000Z', 2],
      ['C\u0000Z', 3],
    ]);
  });

  it('never include an edge that lost no time, and keep the report order on ties', () => {
    expect([...worstEdges([edge('A', 0), edge('B', 5), edge('C', 5)]).keys()]).toEqual([
      'B\u0000Z',
      'C\u0000Z',
    ]);
  });

  it('are outlined and numbered on the map, and only they', () => {
    const report = analyse([
      ['A', 0],
      ['B', 100],
      ['C', 101],
      ['D', 103],
      ['E', 106],
      ['F', 110],
    ]);
    const svg = processMapSvg(report, {
      scale: heatScale(report.handoffs.map((h) => h.p90Ms)),
      worst: worstEdges(report.handoffs),
      minor: new Set(),
    });
    const worst = [...svg.matchAll(/data-edge="([^"]+)"[^>]*data-worst="(\d)"/g)].map((m) => [m[1], m[2]]);
    expect(worst.sort()).toEqual([
      ['A→B', '1'],
      ['D→E', '3'],
      ['E→F', '2'],
    ]);
    expect(svg.match(/class="glow"/g)).toHaveLength(3);
    expect(svg).toMatch(/<text[^>]*>#1 · 1× · p50 100\.0 min · p90 100\.0 min<\/text>/);
  });
});

describe('Minor edges', () => {
  it('are those outside the busiest edges that carry 90 % of the handoffs', () => {
    const edge = (from: string, count: number) => ({ from, to: 'Z', count, totalMs: 0 }) as HandoffStats;
    // 100 handoffs: A and B carry 85, C brings it to 95; D and E are minor.
    const minor = minorEdges([edge('A', 50), edge('B', 35), edge('C', 10), edge('D', 3), edge('E', 2)]);
    expect([...minor]).toEqual(['D\u0000Z', 'E\u0000Z']);
  });
});
