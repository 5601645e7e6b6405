import type { HandoffStats } from '../domain/log-report';

/** Colours from quick to slow handoffs (blue to red, readable by most colour-blind viewers). */
export const HEAT_COLOURS = ['#3a6fb0', '#74a9cf', '#e3a21a', '#e0662a', '#c0222b'] as const;

/** The range of positive handoff times that the colours span, on a log scale. */
export interface HeatScale {
  readonly loMs: number;
  readonly hiMs: number;
}

/** The scale of a map: the smallest and largest positive p90 of its edges. */
export function heatScale(p90s: readonly number[]): HeatScale {
  const positive = p90s.filter((v) => v > 0);
  if (positive.length === 0) return { loMs: 0, hiMs: 0 };
  return { loMs: positive.reduce((a, b) => Math.min(a, b)), hiMs: positive.reduce((a, b) => Math.max(a, b)) };
}

/**
 * The colour level (0 = quickest … 4 = slowest) of a time on the scale: the scale's log range cut
 * in five equal parts. No wait is level 0; when every positive time is the same, it is the middle.
 */
export function heatOf(ms: number, { loMs, hiMs }: HeatScale): number {
  if (ms <= 0 || loMs <= 0) return 0;
  if (hiMs <= loMs) return 2;
  const f = (Math.log(ms) - Math.log(loMs)) / (Math.log(hiMs) - Math.log(loMs));
  const levels = HEAT_COLOURS.length;
  return Math.max(0, Math.min(levels - 1, Math.floor(f * levels)));
}

/** The four times that separate the five levels, for the legend; none for a degenerate scale. */
export function heatBounds({ loMs, hiMs }: HeatScale): number[] {
  if (loMs <= 0 || hiMs <= loMs) return [];
  const levels = HEAT_COLOURS.length;
  return Array.from({ length: levels - 1 }, (_, i) => loMs * (hiMs / loMs) ** ((i + 1) / levels));
}

/** A key that tells edges apart whatever their names contain. */
export const edgeKey = (e: { readonly from: string; readonly to: string }): string =>
  `${e.from}\u0000${e.to}`;

/**
 * The worst edges by total time lost, ranked 1, 2, 3…: the `top` with the largest total (edges
 * that lost no time are never highlighted). Ties keep the report's order (more frequent, then name).
 */
export function worstEdges(handoffs: readonly HandoffStats[], top = 3): Map<string, number> {
  const ranked = handoffs
    .filter((h) => h.totalMs > 0)
    .map((h, i) => [h, i] as const)
    .sort(([a, i], [b, j]) => b.totalMs - a.totalMs || i - j)
    .slice(0, top);
  return new Map(ranked.map(([h], i) => [edgeKey(h), i + 1]));
}

/** The main handoffs: the busiest edges that together carry this share of all handoffs. */
export const MAIN_SHARE = 0.9;

/** The edges outside the smallest set of busiest edges that carries MAIN_SHARE of all handoffs. */
export function minorEdges(edges: readonly HandoffStats[]): Set<string> {
  const total = edges.reduce((n, h) => n + h.count, 0);
  const busiest = [...edges].sort((a, b) => b.count - a.count);
  const minor = new Set<string>();
  let carried = 0;
  for (const h of busiest) {
    if (carried >= MAIN_SHARE * total) minor.add(edgeKey(h));
    carried += h.count;
  }
  return minor;
}

/** How each edge is drawn: its colour level (from the scale), rank among the worst, and if minor. */
export interface EdgeMarks {
  readonly scale: HeatScale;
  readonly worst: ReadonlyMap<string, number>;
  readonly minor: ReadonlySet<string>;
}
