import type { HandoffStats } from '../domain/log-report';
import { humanDuration as human } from './duration';
import { esc, num } from './escape';
import { edgeKey, heatOf, type EdgeMarks } from './heat';

const WIDTH = 520;
const HEIGHT = 18;
const SECOND = 1000;
const DAY = 86_400_000;
/** Where the axis may start and end, and its ticks: round durations people read at a glance. */
const TICKS = [
  1,
  10,
  100,
  SECOND,
  10 * SECOND,
  60 * SECOND,
  600 * SECOND,
  3_600_000,
  6 * 3_600_000,
  DAY,
  7 * DAY,
  30 * DAY,
  365 * DAY,
];
const TICK_NAMES = [
  '1 ms',
  '10 ms',
  '100 ms',
  '1 s',
  '10 s',
  '1 min',
  '10 min',
  '1 h',
  '6 h',
  '1 d',
  '7 d',
  '30 d',
  '1 y',
];

/** A log scale from `loMs` (x = 0; no wait is drawn there too) to `hiMs` (x = width). */
export interface LogAxis {
  readonly loMs: number;
  readonly hiMs: number;
  readonly width: number;
}

/** The axis for a set of times: from the round duration below the smallest positive one to the one above the largest. */
export function logAxis(valuesMs: readonly number[], width = WIDTH): LogAxis {
  const positive = valuesMs.filter((v) => v > 0);
  if (positive.length === 0) return { loMs: SECOND, hiMs: 60 * SECOND, width };
  const min = positive.reduce((a, b) => Math.min(a, b));
  const max = positive.reduce((a, b) => Math.max(a, b));
  const lo = [...TICKS].reverse().find((t) => t <= min) ?? (TICKS[0] as number);
  const hi = TICKS.find((t) => t >= max && t > lo) ?? Math.max(max, lo * 10);
  return { loMs: lo, hiMs: hi, width };
}

export function xOf(ms: number, { loMs, hiMs, width }: LogAxis): number {
  if (ms <= loMs) return 0;
  return Math.min(width, (width * Math.log(ms / loMs)) / Math.log(hiMs / loMs));
}

/**
 * Per edge, its handoff times on one shared log scale: up to p50, p50–p90 (in the edge's colour),
 * p90–p95, p95–p99, and a whisker to the max. Rows in the bottleneck order (`data-bar`).
 */
export function percentileBars(handoffs: readonly HandoffStats[], { scale, worst }: EdgeMarks): string {
  if (handoffs.length === 0) return '<p class="empty">No handoffs: every case has a single activity.</p>';
  const axis = logAxis(handoffs.flatMap((h) => [h.medianMs, h.p90Ms, h.p95Ms, h.p99Ms, h.maxMs]));
  const ticks = TICKS.map((t, i) => [t, TICK_NAMES[i] as string] as const).filter(
    ([t]) => t >= axis.loMs && t <= axis.hiMs,
  );
  const grid = ticks
    .map(
      ([t]) =>
        `<line class="grid" x1="${num(xOf(t, axis))}" x2="${num(xOf(t, axis))}" y1="0" y2="${HEIGHT}"/>`,
    )
    .join('');
  const scaleRow =
    `<svg class="axis" viewBox="-20 0 ${WIDTH + 40} 16" width="${WIDTH + 40}" height="16">` +
    ticks.map(([t, name]) => `<text x="${num(xOf(t, axis))}" y="12">${name}</text>`).join('') +
    `</svg>`;
  const rows = handoffs.map((h) => {
    const x = (ms: number) => num(xOf(ms, axis));
    const seg = (cls: string, a: number, b: number) =>
      `<rect class="${cls}" x="${x(a)}" y="4" width="${num(Math.max(0, xOf(b, axis) - xOf(a, axis)))}" height="10"/>`;
    const rank = worst.get(edgeKey(h));
    const title =
      `${h.from} → ${h.to}: ${h.count} handoffs; p50 ${human(h.medianMs)}, p90 ${human(h.p90Ms)}, ` +
      `p95 ${human(h.p95Ms)}, p99 ${human(h.p99Ms)}, max ${human(h.maxMs)}`;
    const bar =
      `<svg class="bar h${heatOf(h.p90Ms, scale)}" viewBox="-20 0 ${WIDTH + 40} ${HEIGHT}" width="${WIDTH + 40}" height="${HEIGHT}">` +
      `<title>${esc(title)}</title>${grid}` +
      `<line class="qmax" x1="${x(h.p99Ms)}" x2="${x(h.maxMs)}" y1="9" y2="9"/>` +
      `<line class="qmax" x1="${x(h.maxMs)}" x2="${x(h.maxMs)}" y1="4" y2="14"/>` +
      seg('q50', 0, h.medianMs) +
      seg('q90', h.medianMs, h.p90Ms) +
      seg('q95', h.p90Ms, h.p95Ms) +
      seg('q99', h.p95Ms, h.p99Ms) +
      `<line class="p50" x1="${x(h.medianMs)}" x2="${x(h.medianMs)}" y1="2" y2="16"/></svg>`;
    return (
      `<tr data-bar="${esc(`${h.from}→${h.to}`)}"${rank === undefined ? '' : ` class="worst" data-worst="${rank}"`}>` +
      `<td class="name">${esc(h.from)} → ${esc(h.to)}</td><td class="n">${h.count}</td><td>${bar}</td>` +
      `<td class="n">${esc(human(h.p90Ms))}</td><td class="n">${esc(human(h.maxMs))}</td></tr>`
    );
  });
  return (
    `<table class="bars"><thead><tr><th>handoff</th><th class="n">count</th><th>${scaleRow}</th>` +
    `<th class="n">p90</th><th class="n">max</th></tr></thead><tbody>${rows.join('')}</tbody></table>`
  );
}
