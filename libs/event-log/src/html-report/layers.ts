/** A directed graph over nodes 0 … n − 1, edges weighted by how often they were taken. */
export interface WeightedGraph {
  readonly nodeCount: number;
  readonly edges: readonly { readonly from: number; readonly to: number; readonly weight: number }[];
  /** Where ranking starts (the activities cases begin with), most frequent first. */
  readonly sources: readonly number[];
}

/**
 * Nodes in layers, left to right. Ranks are breadth-first distances from the sources. An edge that
 * spans several layers passes through one dummy node (id ≥ nodeCount) in each layer between its
 * ends, so it has its own slot there and crosses no node. An edge back to an earlier layer is
 * laid out like a forward edge between the same layers.
 */
export interface Layers {
  readonly rank: readonly number[];
  /** Node and dummy ids per layer, top to bottom. */
  readonly layers: readonly (readonly number[])[];
  /** Per edge (same index as the input): its dummies from the lower rank to the higher. */
  readonly chains: readonly (readonly number[])[];
  /** The layer of every node and dummy id. */
  readonly layerOf: readonly number[];
  /** Per node and dummy id: its neighbours in the layer before (up) and after (down). */
  readonly up: readonly (readonly Link[])[];
  readonly down: readonly (readonly Link[])[];
}

export interface Link {
  readonly id: number;
  readonly weight: number;
}

export function layerGraph(graph: WeightedGraph, sweeps = 8): Layers {
  const rank = breadthFirstRanks(graph);
  const layerOf = [...rank];
  const up: Link[][] = rank.map(() => []);
  const down: Link[][] = rank.map(() => []);
  const link = (a: number, b: number, weight: number) => {
    down[a]?.push({ id: b, weight });
    up[b]?.push({ id: a, weight });
  };
  const chains = graph.edges.map(({ from, to, weight }) => {
    const [lo, hi] = (rank[from] as number) <= (rank[to] as number) ? [from, to] : [to, from];
    const chain: number[] = [];
    let previous = lo;
    for (let r = (rank[lo] as number) + 1; r < (rank[hi] as number); r++) {
      const dummy = layerOf.length;
      layerOf.push(r);
      up.push([]);
      down.push([]);
      link(previous, dummy, weight);
      chain.push(dummy);
      previous = dummy;
    }
    if (rank[lo] !== rank[hi]) link(previous, hi, weight);
    return chain;
  });
  // Initially nodes in input order (the most frequent first), then dummies in edge order.
  const layers: number[][] = [];
  layerOf.forEach((r, id) => (layers[r] ??= []).push(id));
  return { rank, layers: reduceCrossings(layers, up, down, sweeps), chains, layerOf, up, down };
}

/** Breadth-first distance from the sources; a node they do not reach starts a search of its own. */
function breadthFirstRanks({ nodeCount, edges, sources }: WeightedGraph): number[] {
  const out: number[][] = Array.from({ length: nodeCount }, () => []);
  for (const e of [...edges].sort((a, b) => b.weight - a.weight)) out[e.from]?.push(e.to);
  const rank = new Array<number>(nodeCount).fill(-1);
  const queue: number[] = [];
  let head = 0;
  const reach = (v: number, r: number) => {
    if (rank[v] !== -1) return;
    rank[v] = r;
    queue.push(v);
  };
  const visit = (seeds: readonly number[]) => {
    for (const s of seeds) reach(s, 0);
    while (head < queue.length) {
      const v = queue[head++] as number;
      for (const w of out[v] as number[]) reach(w, (rank[v] as number) + 1);
    }
  };
  visit(sources);
  for (let v = 0; v < nodeCount; v++) visit([v]);
  return rank;
}

/**
 * The barycentre heuristic: sweeping down then up, each layer is sorted by the mean position of
 * its neighbours in the layer before (weighted by edge counts); the order with the fewest
 * crossings seen is kept.
 */
function reduceCrossings(layers: number[][], up: Link[][], down: Link[][], sweeps: number): number[][] {
  let order = layers.map((l) => [...l]);
  let best = order.map((l) => [...l]);
  let bestCrossings = crossings(best, down);
  for (let s = 0; s < sweeps; s++) {
    const downward = s % 2 === 0;
    order = order.map((l) => [...l]);
    const range = downward ? [...order.keys()].slice(1) : [...order.keys()].reverse().slice(1);
    for (const r of range) {
      const fixed = order[downward ? r - 1 : r + 1] as number[];
      const position = new Map(fixed.map((id, i) => [id, i]));
      const layer = order[r] as number[];
      const key = new Map(
        layer.map((id, i) => [id, barycentre((downward ? up : down)[id] as Link[], position) ?? i]),
      );
      order[r] = layer
        .map((id, i) => ({ id, i }))
        .sort((a, b) => (key.get(a.id) as number) - (key.get(b.id) as number) || a.i - b.i)
        .map(({ id }) => id);
    }
    const count = crossings(order, down);
    if (count < bestCrossings) {
      best = order.map((l) => [...l]);
      bestCrossings = count;
    }
  }
  return best;
}

function barycentre(links: readonly Link[], position: ReadonlyMap<number, number>): number | undefined {
  let sum = 0;
  let weight = 0;
  for (const { id, weight: w } of links) {
    const p = position.get(id);
    if (p === undefined) continue;
    sum += p * w;
    weight += w;
  }
  return weight > 0 ? sum / weight : undefined;
}

/** Weighted count of crossing pairs of links between each two neighbouring layers. */
export function crossings(
  layers: readonly (readonly number[])[],
  down: readonly (readonly Link[])[],
): number {
  let total = 0;
  for (let r = 0; r + 1 < layers.length; r++) {
    const below = new Map((layers[r + 1] as number[]).map((id, i) => [id, i]));
    const links: [number, number, number][] = [];
    (layers[r] as number[]).forEach((id, i) => {
      for (const l of down[id] ?? []) {
        const j = below.get(l.id);
        if (j !== undefined) links.push([i, j, l.weight]);
      }
    });
    for (let a = 0; a < links.length; a++)
      for (let b = a + 1; b < links.length; b++) {
        const [i1, j1, w1] = links[a] as [number, number, number];
        const [i2, j2, w2] = links[b] as [number, number, number];
        if ((i1 - i2) * (j1 - j2) < 0) total += w1 * w2;
      }
  }
  return total;
}
