import type { HandoffStats } from '../domain/log-report';
import { humanDuration as human } from './duration';
import { esc } from './escape';
import { edgeKey, heatOf, type EdgeMarks } from './heat';

/** The edges ranked by total time lost (the report's order), with their statistics (`data-row`). */
export function bottleneckTable(handoffs: readonly HandoffStats[], { scale, worst }: EdgeMarks): string {
  if (handoffs.length === 0) return '<p class="empty">No handoffs.</p>';
  const lost = handoffs.reduce((sum, h) => sum + h.totalMs, 0);
  const rows = handoffs.map((h, i) => {
    const rank = worst.get(edgeKey(h));
    const share = lost > 0 ? `${((100 * h.totalMs) / lost).toFixed(1)} %` : '';
    const cells = [
      String(i + 1),
      `<span class="swatch h${heatOf(h.p90Ms, scale)}"></span>${esc(h.from)}`,
      esc(h.to),
      String(h.count),
      String(h.handovers),
      esc(human(h.totalMs)),
      share,
      esc(human(h.meanMs)),
      esc(human(h.medianMs)),
      esc(human(h.p90Ms)),
      esc(human(h.maxMs)),
    ];
    return (
      `<tr data-row="${esc(`${h.from}→${h.to}`)}"${rank === undefined ? '' : ` class="worst" data-worst="${rank}"`}>` +
      cells.map((c, k) => `<td${k === 1 || k === 2 ? '' : ' class="n"'}>${c}</td>`).join('') +
      '</tr>'
    );
  });
  const head = ['#', 'from', 'to', 'count', 'handovers', 'time lost', 'share', 'mean', 'p50', 'p90', 'max'];
  return (
    `<table class="bottlenecks"><thead><tr>` +
    head.map((h, k) => `<th${k === 1 || k === 2 ? '' : ' class="n"'}>${h}</th>`).join('') +
    `</tr></thead><tbody>${rows.join('')}</tbody></table>`
  );
}
