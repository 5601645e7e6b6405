import { layerGraph, type Layers, type Link, type WeightedGraph } from './layers';

export const NODE_WIDTH = 172;
export const NODE_HEIGHT = 50;
/** Between layers: room for the edge labels. */
const GAP_X = 190;
/** Between nodes of a layer: room for a self-loop and its label. */
const GAP_Y = 50;
const DUMMY_GAP = 14;
/** Forward edges attach a little above a node's middle and back edges below, so A→B and B→A part. */
const PORT = 6;
const MARGIN = 24;

export interface Point {
  readonly x: number;
  readonly y: number;
}

/** A cubic Bézier curve. */
export interface Curve {
  readonly from: Point;
  readonly c1: Point;
  readonly c2: Point;
  readonly to: Point;
}

/** Forward: to a later layer; back: to an earlier one; flat: within a layer; self: a loop. */
export type EdgeKind = 'forward' | 'back' | 'flat' | 'self';

export interface PlacedNode {
  /** Top-left corner. */
  readonly x: number;
  readonly y: number;
  readonly rank: number;
}

export interface RoutedEdge {
  readonly kind: EdgeKind;
  /** From the source to the target. */
  readonly curves: readonly Curve[];
}

/** Where everything goes; nodes and edges keep the input's indexes. */
export interface MapLayout {
  readonly width: number;
  readonly height: number;
  readonly nodes: readonly PlacedNode[];
  readonly edges: readonly RoutedEdge[];
}

/** A layered left-to-right layout of a directly-follows graph, computed once, with no browser. */
export function layoutMap(graph: WeightedGraph): MapLayout {
  const layered = layerGraph(graph);
  const real = (id: number) => id < graph.nodeCount;
  const centre = verticalCentres(layered, real);
  const x = (id: number) => (layered.layerOf[id] as number) * (NODE_WIDTH + GAP_X);
  const cy = (id: number) => centre[id] as number;
  const nodes = layered.rank.map((rank, id) => ({ x: x(id), y: cy(id) - NODE_HEIGHT / 2, rank }));
  const edges = graph.edges.map(({ from, to }, i): RoutedEdge => {
    const chain = layered.chains[i] as number[];
    const rf = layered.rank[from] as number;
    const rt = layered.rank[to] as number;
    if (from === to) return { kind: 'self', curves: [selfLoop(x(from), cy(from))] };
    if (rf === rt) return { kind: 'flat', curves: [arc(x(from), cy(from), cy(to))] };
    if (rf < rt) {
      const points = [{ x: x(from) + NODE_WIDTH, y: cy(from) - PORT }];
      for (const d of chain) points.push({ x: x(d), y: cy(d) }, { x: x(d) + NODE_WIDTH, y: cy(d) });
      points.push({ x: x(to), y: cy(to) - PORT });
      return { kind: 'forward', curves: through(points) };
    }
    const points = [{ x: x(from), y: cy(from) + PORT }];
    for (const d of [...chain].reverse())
      points.push({ x: x(d) + NODE_WIDTH, y: cy(d) }, { x: x(d), y: cy(d) });
    points.push({ x: x(to) + NODE_WIDTH, y: cy(to) + PORT });
    return { kind: 'back', curves: through(points) };
  });
  return framed(nodes.slice(0, graph.nodeCount), edges);
}

/**
 * Moves everything so that it starts at the margin, and sizes the frame to hold every node and
 * every curve (a Bézier curve lies within its control points).
 */
function framed(nodes: readonly PlacedNode[], edges: readonly RoutedEdge[]): MapLayout {
  const points = [
    ...nodes.flatMap((n) => [n, { x: n.x + NODE_WIDTH, y: n.y + NODE_HEIGHT }]),
    ...edges.flatMap((e) => e.curves.flatMap((c) => [c.from, c.c1, c.c2, c.to])),
  ];
  if (points.length === 0) return { width: 2 * MARGIN, height: 2 * MARGIN, nodes, edges };
  let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const p of points) {
    minX = Math.min(minX, p.x);
    minY = Math.min(minY, p.y);
    maxX = Math.max(maxX, p.x);
    maxY = Math.max(maxY, p.y);
  }
  // A whole-number shift keeps whole-number coordinates whole: a port at a node's border then
  // stays exactly on it (x + width, shifted, equals x shifted, + width).
  const dx = MARGIN - Math.floor(minX);
  const dy = MARGIN - Math.floor(minY);
  const move = (p: Point): Point => ({ x: p.x + dx, y: p.y + dy });
  return {
    width: maxX + dx + MARGIN,
    height: maxY + dy + MARGIN,
    nodes: nodes.map((n) => ({ ...{}, ...n, ...move(n) })),
    edges: edges.map((e) => ({
      kind: e.kind,
      curves: e.curves.map((c) => ({ from: move(c.from), c1: move(c.c1), c2: move(c.c2), to: move(c.to) })),
    })),
  };
}

/**
 * Vertical centres: each layer stacked, then moved a few times towards the mean height of its
 * neighbours (down, then up) while keeping its order and spacing.
 */
function verticalCentres({ layers, up, down, layerOf }: Layers, real: (id: number) => boolean): number[] {
  const size = (id: number) => (real(id) ? NODE_HEIGHT : 0);
  const gap = (a: number, b: number) => size(a) / 2 + size(b) / 2 + (real(a) && real(b) ? GAP_Y : DUMMY_GAP);
  const centre = new Array<number>(layerOf.length).fill(0);
  for (const layer of layers) {
    const stacked = spaced(
      layer,
      layer.map(() => 0),
      gap,
    );
    const middle = ((stacked[0] as number) + (stacked[stacked.length - 1] as number)) / 2;
    layer.forEach((id, i) => (centre[id] = (stacked[i] as number) - middle));
  }
  for (let pass = 0; pass < 6; pass++) {
    const neighbours = pass % 2 === 0 ? up : down;
    const order = pass % 2 === 0 ? layers : [...layers].reverse();
    for (const layer of order) {
      const wanted = layer.map(
        (id) => meanHeight(neighbours[id] as Link[], centre) ?? (centre[id] as number),
      );
      const placed = feasible(layer, wanted, gap);
      layer.forEach((id, i) => (centre[id] = placed[i] as number));
    }
  }
  return centre;
}

function meanHeight(links: readonly Link[], centre: readonly number[]): number | undefined {
  let sum = 0;
  let weight = 0;
  for (const l of links) {
    sum += (centre[l.id] as number) * l.weight;
    weight += l.weight;
  }
  return weight > 0 ? sum / weight : undefined;
}

/** Each item at least its gap below the one before, as close to its wanted height as pushing down allows. */
function spaced(layer: readonly number[], wanted: readonly number[], gap: (a: number, b: number) => number) {
  const out: number[] = [];
  layer.forEach((id, i) => {
    const floor = i === 0 ? -Infinity : (out[i - 1] as number) + gap(layer[i - 1] as number, id);
    out.push(Math.max(wanted[i] as number, floor));
  });
  return out;
}

/**
 * The mean of pushing down from the top and pushing up from the bottom: both keep the order and the
 * gaps, so their mean does too, and it does not drift one way.
 */
function feasible(
  layer: readonly number[],
  wanted: readonly number[],
  gap: (a: number, b: number) => number,
) {
  const downward = spaced(layer, wanted, gap);
  const upward: number[] = [];
  for (let i = layer.length - 1; i >= 0; i--) {
    const ceiling =
      i === layer.length - 1
        ? Infinity
        : (upward[i + 1] as number) - gap(layer[i] as number, layer[i + 1] as number);
    upward[i] = Math.min(wanted[i] as number, ceiling);
  }
  return downward.map((d, i) => (d + (upward[i] as number)) / 2);
}

/** Smooth curves through the points, each leaving and arriving horizontally. */
function through(points: readonly Point[]): Curve[] {
  const curves: Curve[] = [];
  for (let i = 1; i < points.length; i++) {
    const from = points[i - 1] as Point;
    const to = points[i] as Point;
    const dx = (to.x - from.x) / 2;
    curves.push({ from, c1: { x: from.x + dx, y: from.y }, c2: { x: to.x - dx, y: to.y }, to });
  }
  return curves;
}

/** Within a layer: downwards on the right of the nodes, upwards on their left. */
function arc(x: number, fromY: number, toY: number): Curve {
  const right = toY > fromY;
  const side = right ? x + NODE_WIDTH : x;
  const bulge = (right ? 1 : -1) * (30 + Math.min(60, Math.abs(toY - fromY) * 0.12));
  return {
    from: { x: side, y: fromY },
    c1: { x: side + bulge, y: fromY },
    c2: { x: side + bulge, y: toY },
    to: { x: side, y: toY },
  };
}

function selfLoop(x: number, cy: number): Curve {
  const mid = x + NODE_WIDTH / 2;
  const top = cy - NODE_HEIGHT / 2;
  return {
    from: { x: mid - 16, y: top },
    c1: { x: mid - 44, y: top - 40 },
    c2: { x: mid + 44, y: top - 40 },
    to: { x: mid + 16, y: top },
  };
}

/** The point at `t` (0 … 1) on a curve. */
export function pointOn({ from, c1, c2, to }: Curve, t: number): Point {
  const u = 1 - t;
  const a = u * u * u;
  const b = 3 * u * u * t;
  const c = 3 * u * t * t;
  const d = t * t * t;
  return { x: a * from.x + b * c1.x + c * c2.x + d * to.x, y: a * from.y + b * c1.y + c * c2.y + d * to.y };
}
