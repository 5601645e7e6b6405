import type { HandoffStats, LogReport } from '../domain/log-report';
import { placeLabels } from './edge-labels';
import { num } from './escape';
import { edgeKey, HEAT_COLOURS, heatOf, type EdgeMarks } from './heat';
import { edgeLabelSvg, edgeLabelText, edgeSvg, type EdgeLook } from './map-edge';
import { nodeSvg } from './map-node';
import { layoutMap, NODE_HEIGHT, NODE_WIDTH } from './process-map-layout';

const LABEL_HEIGHT = 13;
/** Width of a character of the 10 px label font, a little generous. */
const LABEL_CHAR = 5.9;

/**
 * The process map as inline SVG: one node per activity (`data-node`), one edge per
 * directly-follows pair (`data-edge="from→to"`) with its label (`data-label`), coloured by p90
 * and labelled with count, p50 and p90; the worst edges (`data-worst`: 1, 2, 3) stand out.
 */
export function processMapSvg(report: LogReport, { scale, worst, minor }: EdgeMarks): string {
  const activities = activitiesOf(report);
  const index = new Map(activities.map((a, i) => [a, i]));
  const at = (activity: string) => index.get(activity) as number;
  const edges = report.handoffs;
  const layout = layoutMap({
    nodeCount: activities.length,
    edges: edges.map((h) => ({ from: at(h.from), to: at(h.to), weight: h.count })),
    sources: report.startActivities.map((s) => at(s.activity)),
  });
  const maxCount = Math.max(1, ...edges.map((h) => h.count));
  const looks = edges.map((h): EdgeLook => ({
    heat: heatOf(h.p90Ms, scale),
    worst: worst.get(edgeKey(h)),
    width: 1.25 + (4.75 * Math.log1p(h.count)) / Math.log1p(maxCount),
    minor: minor.has(edgeKey(h)) && !worst.has(edgeKey(h)),
  }));
  const texts = edges.map((h, i) => edgeLabelText(h, looks[i]?.worst));
  const order = importance(edges, worst);
  const sizes = order.map((i) => ({
    width: [...(texts[i] ?? '')].length * LABEL_CHAR + 6,
    height: LABEL_HEIGHT,
  }));
  const placed = placeLabels(
    order.map((i, k) => ({
      curves: layout.edges[i]?.curves ?? [],
      ...(sizes[k] as { width: number; height: number }),
      always: looks[i]?.worst !== undefined,
    })),
    layout.nodes.map((n) => ({ x: n.x, y: n.y, width: NODE_WIDTH, height: NODE_HEIGHT })),
  );
  const steps = new Map(report.steps.map((s) => [s.activity, s]));
  const starts = new Map(report.startActivities.map((s) => [s.activity, s.count]));
  const ends = new Map(report.endActivities.map((s) => [s.activity, s.count]));
  const nodes = activities.map((activity, i) =>
    nodeSvg(
      {
        activity,
        step: steps.get(activity),
        starts: starts.get(activity) ?? 0,
        ends: ends.get(activity) ?? 0,
      },
      layout.nodes[i] as (typeof layout.nodes)[number],
    ),
  );
  // The most important edges and labels are drawn last, on top.
  const back = [...order.keys()].reverse();
  const h = (k: number) => edges[order[k] as number] as HandoffStats;
  const look = (k: number) => looks[order[k] as number] as EdgeLook;
  const paths = back.map((k) => edgeSvg(h(k), layout.edges[order[k] as number]?.curves ?? [], look(k)));
  const labels = back.map((k) =>
    edgeLabelSvg(
      h(k),
      texts[order[k] as number] ?? '',
      { ...(placed[k] as (typeof placed)[number]), ...(sizes[k] as { width: number; height: number }) },
      look(k),
    ),
  );
  return (
    `<svg class="map" viewBox="0 0 ${num(layout.width)} ${num(layout.height)}" width="${num(layout.width)}" ` +
    `height="${num(layout.height)}" role="img" aria-label="Process map: activities and the handoffs between them">` +
    `<defs>${HEAT_COLOURS.map((c, i) => marker(`arrow-h${i}`, c)).join('')}</defs>` +
    `<g class="nodes">${nodes.join('')}</g><g class="edges">${paths.join('')}</g>` +
    `<g class="labels">${labels.join('')}</g></svg>`
  );
}

/** The most frequent activities first: the layout's initial order. */
function activitiesOf(report: LogReport): string[] {
  const steps = [...report.steps].sort((a, b) => b.count - a.count || compare(a.activity, b.activity));
  const activities = steps.map((s) => s.activity);
  const known = new Set(activities);
  for (const a of report.handoffs.flatMap((h) => [h.from, h.to])) {
    if (known.has(a)) continue;
    known.add(a);
    activities.push(a);
  }
  return activities;
}

/** Edge indexes, the worst first, then the busiest: their labels get the best places. */
function importance(edges: readonly HandoffStats[], worst: ReadonlyMap<string, number>): number[] {
  const rank = (i: number) => worst.get(edgeKey(edges[i] as HandoffStats)) ?? Infinity;
  const count = (i: number) => (edges[i] as HandoffStats).count;
  return [...edges.keys()].sort((i, j) => rank(i) - rank(j) || count(j) - count(i) || i - j);
}

function marker(id: string, colour: string): string {
  return (
    `<marker id="${id}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" ` +
    `markerUnits="userSpaceOnUse" orient="auto"><path d="M0 0L10 5L0 10z" fill="${colour}"/></marker>`
  );
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
