import type { HandoffStats, LogReport } from '../domain/log-report';
import { placeLabels, type Box, type PlacedLabel } from './edge-labels';
import { num } from './escape';
import { edgeKey, HEAT_COLOURS, heatOf, type EdgeMarks } from './heat';
import { edgeLabelSvg, edgeLabelText, edgeSvg, type EdgeLook } from './map-edge';
import { nodeSvg } from './map-node';
import { layoutMap, NODE_HEIGHT, NODE_WIDTH, type Curve, type MapLayout } from './process-map-layout';

const LABEL_HEIGHT = 13;
/** Width of a character of the 10 px label font, a little generous. */
const LABEL_CHAR = 5.9;

/** An edge ready to draw: its statistics, route, look and label. */
interface DrawnEdge {
  readonly h: HandoffStats;
  readonly curves: readonly Curve[];
  readonly look: EdgeLook;
  readonly text: string;
  readonly label: PlacedLabel & { readonly width: number; readonly height: number };
}

/**
 * The process map as inline SVG: one node per activity (`data-node`), one edge per
 * directly-follows pair (`data-edge="from→to"`) with its label (`data-label`), coloured by p90
 * and labelled with count, p50 and p90; the worst edges (`data-worst`: 1, 2, 3) stand out.
 */
export function processMapSvg(report: LogReport, marks: EdgeMarks): string {
  const activities = activitiesOf(report);
  const index = new Map(activities.map((a, i) => [a, i]));
  const at = (activity: string) => index.get(activity) as number;
  const layout = layoutMap({
    nodeCount: activities.length,
    edges: report.handoffs.map((h) => ({ from: at(h.from), to: at(h.to), weight: h.count })),
    sources: report.startActivities.map((s) => at(s.activity)),
  });
  const edges = labelledEdges(report.handoffs, layout, marks);
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
      layout.nodes[i] as MapLayout['nodes'][number],
    ),
  );
  // The most important edges and labels are drawn last, on top.
  const drawn = [...edges].reverse();
  const { x, y, width, height } = frame(layout, edges);
  return (
    `<svg class="map" viewBox="${num(x)} ${num(y)} ${num(width)} ${num(height)}" width="${num(width)}" ` +
    `height="${num(height)}" role="img" aria-label="Process map: activities and the handoffs between them">` +
    `<defs>${HEAT_COLOURS.map((c, i) => marker(`arrow-h${i}`, c)).join('')}</defs>` +
    `<g class="nodes">${nodes.join('')}</g>` +
    `<g class="edges">${drawn.map((e) => edgeSvg(e.h, e.curves, e.look)).join('')}</g>` +
    `<g class="labels">${drawn.map((e) => edgeLabelSvg(e.h, e.text, e.label, e.look)).join('')}</g></svg>`
  );
}

/**
 * Each edge's look and label, the worst first and then the busiest: their labels get the best
 * places.
 */
function labelledEdges(handoffs: readonly HandoffStats[], layout: MapLayout, marks: EdgeMarks): DrawnEdge[] {
  const maxCount = handoffs.reduce((m, h) => Math.max(m, h.count), 1);
  const rank = (h: HandoffStats) => marks.worst.get(edgeKey(h)) ?? Infinity;
  const order = [...handoffs.keys()].sort((i, j) => {
    const a = handoffs[i] as HandoffStats;
    const b = handoffs[j] as HandoffStats;
    return rank(a) - rank(b) || b.count - a.count || i - j;
  });
  const edges = order.map((i) => {
    const h = handoffs[i] as HandoffStats;
    const look: EdgeLook = {
      heat: heatOf(h.p90Ms, marks.scale),
      worst: marks.worst.get(edgeKey(h)),
      width: 1.25 + (4.75 * Math.log1p(h.count)) / Math.log1p(maxCount),
      minor: marks.minor.has(edgeKey(h)) && !marks.worst.has(edgeKey(h)),
    };
    const text = edgeLabelText(h, look.worst);
    return { h, curves: layout.edges[i]?.curves ?? [], look, text, width: [...text].length * LABEL_CHAR + 6 };
  });
  const placed = placeLabels(
    edges.map((e) => ({
      curves: e.curves,
      width: e.width,
      height: LABEL_HEIGHT,
      always: e.look.worst !== undefined,
    })),
    layout.nodes.map((n) => ({ x: n.x, y: n.y, width: NODE_WIDTH, height: NODE_HEIGHT })),
  );
  return edges.map((e, k) => ({
    ...{},
    ...e,
    label: { ...{}, ...(placed[k] as PlacedLabel), width: e.width, height: LABEL_HEIGHT },
  }));
}

/** The layout's frame, grown to hold every label shown. */
function frame(layout: MapLayout, edges: readonly DrawnEdge[]): Box {
  let [minX, minY, maxX, maxY] = [0, 0, layout.width, layout.height];
  for (const { label } of edges) {
    if (label.crowded) continue;
    minX = Math.min(minX, label.x - label.width / 2 - 4);
    maxX = Math.max(maxX, label.x + label.width / 2 + 4);
    minY = Math.min(minY, label.y - label.height / 2 - 4);
    maxY = Math.max(maxY, label.y + label.height / 2 + 4);
  }
  return { x: minX, y: minY, width: maxX - minX, height: maxY - minY };
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

function marker(id: string, colour: string): string {
  return (
    `<marker id="${id}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" ` +
    `markerUnits="userSpaceOnUse" orient="auto"><path d="M0 0L10 5L0 10z" fill="${colour}"/></marker>`
  );
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
