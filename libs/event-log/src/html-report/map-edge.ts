import type { HandoffStats } from '../domain/log-report';
import { humanDuration as human } from './duration';
import type { PlacedLabel } from './edge-labels';
import { esc, num } from './escape';
import type { Curve } from './process-map-layout';

export interface EdgeLook {
  /** Colour level by p90, 0 … 4. */
  readonly heat: number;
  /** 1, 2, 3… for the worst edges by total time lost. */
  readonly worst: number | undefined;
  readonly width: number;
  /** Not among the edges that carry most handoffs: hidden by "main handoffs only". */
  readonly minor: boolean;
}

/** The label on an edge: its rank among the worst, count, p50 and p90. */
export function edgeLabelText(h: HandoffStats, worst: number | undefined): string {
  return `${worst === undefined ? '' : `#${worst} · `}${h.count}× · p50 ${human(h.medianMs)} · p90 ${human(h.p90Ms)}`;
}

/**
 * One directly-follows edge: `data-edge="from→to"` (and `data-from`, `data-to`, `data-count`,
 * `data-p50-ms`, `data-p90-ms`, `data-heat`, `data-worst`), its statistics in a tooltip.
 */
export function edgeSvg(h: HandoffStats, curves: readonly Curve[], look: EdgeLook): string {
  const d = pathOf(curves);
  const title =
    `${h.from} → ${h.to}\n${h.count} handoffs, ${h.handovers} handovers\n` +
    `p50 ${human(h.medianMs)}, p90 ${human(h.p90Ms)}, p95 ${human(h.p95Ms)}, p99 ${human(h.p99Ms)}, ` +
    `max ${human(h.maxMs)}\ntime lost ${human(h.totalMs)} in all, mean ${human(h.meanMs)}`;
  const worst = look.worst === undefined ? '' : ` data-worst="${look.worst}"`;
  return (
    `<g class="${classes('edge', look)}" data-edge="${esc(`${h.from}→${h.to}`)}" data-from="${esc(h.from)}" ` +
    `data-to="${esc(h.to)}" data-count="${h.count}" data-p50-ms="${h.medianMs}" data-p90-ms="${h.p90Ms}" ` +
    `data-heat="${look.heat}"${worst}><title>${esc(title)}</title>` +
    (look.worst === undefined ? '' : `<path class="glow" d="${d}" stroke-width="${num(look.width + 7)}"/>`) +
    `<path class="line" d="${d}" stroke-width="${num(look.width)}" marker-end="url(#arrow-h${look.heat})"/></g>`
  );
}

/**
 * An edge's label (`data-label="from→to"`) on a white ground, drawn above every edge; hidden where
 * it found no room.
 */
export function edgeLabelSvg(
  h: HandoffStats,
  text: string,
  at: PlacedLabel & { readonly width: number; readonly height: number },
  look: EdgeLook,
): string {
  const crowded = at.crowded ? ' crowded' : '';
  return (
    `<g class="${classes('edge-label', look)}${crowded}" data-label="${esc(`${h.from}→${h.to}`)}">` +
    `<rect x="${num(at.x - at.width / 2)}" y="${num(at.y - at.height / 2)}" width="${num(at.width)}" ` +
    `height="${num(at.height)}" rx="3"/><text x="${num(at.x)}" y="${num(at.y + 3.5)}">${esc(text)}</text></g>`
  );
}

function classes(base: string, look: EdgeLook): string {
  return `${base} h${look.heat}${look.worst === undefined ? '' : ' worst'}${look.minor ? ' minor' : ''}`;
}

function pathOf(curves: readonly Curve[]): string {
  const first = curves[0];
  if (!first) return '';
  const p = (pt: { x: number; y: number }) => `${num(pt.x)} ${num(pt.y)}`;
  return `M${p(first.from)}` + curves.map((c) => `C${p(c.c1)} ${p(c.c2)} ${p(c.to)}`).join('');
}
