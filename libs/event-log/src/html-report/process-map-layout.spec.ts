import fc from 'fast-check';
import { crossings, layerGraph, type WeightedGraph } from './layers';
import { layoutMap, NODE_HEIGHT, NODE_WIDTH, type MapLayout } from './process-map-layout';

/** A graph over single-letter nodes: `S>A` edges, weight 1 unless given as `S>A:5`. */
function graph(nodes: string, edges: string, sources = nodes.charAt(0)): WeightedGraph {
  const id = (n: string) => nodes.indexOf(n);
  return {
    nodeCount: nodes.length,
    edges: edges.split(' ').map((e) => {
      const [pair = '', weight = '1'] = e.split(':');
      return { from: id(pair.charAt(0)), to: id(pair.charAt(2)), weight: Number(weight) };
    }),
    sources: [...sources].map(id),
  };
}

const overlap = (a: { x: number; y: number }, b: { x: number; y: number }) =>
  a.x < b.x + NODE_WIDTH && b.x < a.x + NODE_WIDTH && a.y < b.y + NODE_HEIGHT && b.y < a.y + NODE_HEIGHT;

function expectSound(layout: MapLayout, g: WeightedGraph): void {
  const { nodes, edges } = layout;
  expect(nodes).toHaveLength(g.nodeCount);
  nodes.forEach((a, i) => nodes.slice(i + 1).forEach((b) => expect(overlap(a, b)).toBe(false)));
  for (const n of nodes) {
    expect(n.x).toBeGreaterThanOrEqual(0);
    expect(n.y).toBeGreaterThanOrEqual(0);
    expect(n.x + NODE_WIDTH).toBeLessThanOrEqual(layout.width);
    expect(n.y + NODE_HEIGHT).toBeLessThanOrEqual(layout.height);
  }
  edges.forEach((e, i) => {
    const { from, to } = g.edges[i] as { from: number; to: number };
    const first = e.curves[0]?.from;
    const last = e.curves[e.curves.length - 1]?.to;
    const onBorder = (p: { x: number; y: number } | undefined, n: { x: number; y: number }) =>
      p !== undefined &&
      (p.x === n.x || p.x === n.x + NODE_WIDTH || p.y === n.y) &&
      p.y >= n.y &&
      p.y <= n.y + NODE_HEIGHT;
    expect(onBorder(first, nodes[from] as { x: number; y: number })).toBe(true);
    expect(onBorder(last, nodes[to] as { x: number; y: number })).toBe(true);
    // A Bézier curve lies within its control points: inside the frame, the curve is too.
    for (const c of e.curves)
      for (const p of [c.from, c.c1, c.c2, c.to]) {
        expect(p.x).toBeGreaterThanOrEqual(0);
        expect(p.y).toBeGreaterThanOrEqual(0);
        expect(p.x).toBeLessThanOrEqual(layout.width);
        expect(p.y).toBeLessThanOrEqual(layout.height);
      }
  });
}

describe('Process map layout', () => {
  it('ranks activities by breadth-first distance from the start activities, left to right', () => {
    // S → A → B and S → B: B is one handoff from the start.
    const g = graph('SAB', 'S>A A>B S>B');
    const { nodes } = layoutMap(g);
    expect(nodes.map((n) => n.rank)).toEqual([0, 1, 1]);
    expect(nodes[1]?.x).toBe(nodes[2]?.x);
    expect(nodes[0]?.x).toBeLessThan(nodes[1]?.x as number);
  });

  it('ranks a node the start activities do not reach from a search of its own', () => {
    const { rank } = layerGraph(graph('ABCD', 'B>C C>B A>B', 'A'));
    expect(rank).toEqual([0, 1, 2, 0]);
  });

  it('routes a forward edge over several layers through one slot per layer between, leaving right and entering left', () => {
    // Breadth-first ranks leave no forward edge longer than one layer, except from a node the
    // start activities do not reach (X, ranked 0 on its own).
    const g = graph('SABCX', 'S>A A>B B>C X>C', 'S');
    const { nodes, edges } = layoutMap(g);
    expect(nodes.map((n) => n.rank)).toEqual([0, 1, 2, 3, 0]);
    const long = edges[3];
    expect(long?.kind).toBe('forward');
    // Into the layers of A and of B and out again, then into C: five curves.
    expect(long?.curves).toHaveLength(5);
    expect(long?.curves[0]?.from.x).toBe((nodes[4]?.x as number) + NODE_WIDTH);
    expect(long?.curves[4]?.to.x).toBe(nodes[3]?.x);
    expectSound(layoutMap(g), g);
  });

  it('routes a rework edge back from the left of its source to the right of its target, apart from the forward one', () => {
    const g = graph('ABC', 'A>B B>C C>A B>A');
    const { nodes, edges } = layoutMap(g);
    const [ab, , ca, ba] = edges;
    expect([ca?.kind, ba?.kind]).toEqual(['back', 'back']);
    expect(ba?.curves[0]?.from.x).toBe(nodes[1]?.x);
    expect(ba?.curves[0]?.to.x).toBe((nodes[0]?.x as number) + NODE_WIDTH);
    expect(ba?.curves[0]?.from.y).not.toBe(ab?.curves[0]?.to.y);
    expect(ca?.curves).toHaveLength(3);
  });

  it('draws a self-loop above its node and an edge within a layer as an arc beside it', () => {
    const g = graph('SAB', 'S>A S>B A>A A>B');
    const { nodes, edges } = layoutMap(g);
    expect(edges[2]?.kind).toBe('self');
    expect(edges[2]?.curves[0]?.c1.y).toBeLessThan(nodes[1]?.y as number);
    expect(edges[3]?.kind).toBe('flat');
  });

  it('orders each layer to avoid crossings', () => {
    // S → A, S → B; A → D, B → C. In input order, C above D, the edges from A and B would cross.
    const g = graph('SABCD', 'S>A S>B A>D B>C');
    const layered = layerGraph(g);
    expect(crossings(layered.layers, layered.down)).toBe(0);
    const { nodes } = layoutMap(g);
    expect(Math.sign((nodes[1]?.y as number) - (nodes[2]?.y as number))).toBe(
      Math.sign((nodes[4]?.y as number) - (nodes[3]?.y as number)),
    );
  });

  it('keeps ports exactly on their borders when the frame shifts by a fraction (a found counterexample)', () => {
    const g: WeightedGraph = {
      nodeCount: 7,
      edges: [
        { from: 4, to: 5, weight: 13 },
        { from: 3, to: 0, weight: 1 },
        { from: 2, to: 5, weight: 1 },
        { from: 1, to: 4, weight: 1 },
      ],
      sources: [],
    };
    expectSound(layoutMap(g), g);
  });

  it('places every node apart and every edge between the borders of its nodes, whatever the graph', () => {
    const graphs = fc
      .integer({ min: 1, max: 12 })
      .chain((n) =>
        fc.record({
          nodeCount: fc.constant(n),
          edges: fc.array(
            fc.record({
              from: fc.integer({ min: 0, max: n - 1 }),
              to: fc.integer({ min: 0, max: n - 1 }),
              weight: fc.integer({ min: 1, max: 50 }),
            }),
            { maxLength: 30 },
          ),
          sources: fc.uniqueArray(fc.integer({ min: 0, max: n - 1 }), { maxLength: 2 }),
        }),
      )
      .map((g) => ({ ...g, edges: uniqueEdges(g.edges) }));
    fc.assert(
      fc.property(graphs, (g) => {
        const layout = layoutMap(g);
        expectSound(layout, g);
        expect(layoutMap(g)).toEqual(layout);
      }),
      { numRuns: 150 },
    );
  });
});

function uniqueEdges<E extends { from: number; to: number }>(edges: readonly E[]): E[] {
  const seen = new Set<string>();
  return edges.filter((e) => !seen.has(`${e.from}>${e.to}`) && seen.add(`${e.from}>${e.to}`) !== undefined);
}
