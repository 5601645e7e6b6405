import type { LogReport } from '../domain/log-report';
import { humanDuration as human } from './duration';
import { esc } from './escape';
import { HEAT_COLOURS, heatBounds, type EdgeMarks } from './heat';

/** What the colours, widths, outlines and bars of the map mean. */
export function mapLegend(report: LogReport, { scale, worst }: EdgeMarks): string {
  const bounds = heatBounds(scale);
  const last = HEAT_COLOURS.length - 1;
  const levels: [number, string][] =
    bounds.length > 0
      ? HEAT_COLOURS.map((_, i) => [
          i,
          i === 0
            ? `p90 < ${human(bounds[0])}`
            : i === last
              ? `p90 ≥ ${human(bounds[last - 1])}`
              : `p90 ${human(bounds[i - 1])} – ${human(bounds[i])}`,
        ])
      : [[0, 'no wait'], ...(scale.hiMs > 0 ? [[2, `p90 ${human(scale.hiMs)}`] as [number, string]] : [])];
  const swatches = levels.map(([i, text]) => `<li><span class="swatch h${i}"></span>${esc(text)}</li>`);
  const outlined =
    worst.size > 0 ? ` Outlined and numbered: the ${worst.size} that lost the most time in all.` : '';
  const bars =
    report.startActivities.length > 0
      ? ' Nodes: a green bar marks an activity cases begin with, a dark bar one they end with.'
      : '';
  return (
    `<ul class="legend">${swatches.join('')}</ul>` +
    `<p class="hint">Edges: colour by p90 handoff time, width by count, label “count × · p50 · p90”.${outlined}` +
    ` Labels with no room are hidden: point at an edge for its numbers.${bars}</p>`
  );
}
