import { pointOn, type Curve, type Point } from './process-map-layout';

export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface LabelRequest {
  readonly curves: readonly Curve[];
  readonly width: number;
  readonly height: number;
  /** Shown even where it overlaps (the worst edges). */
  readonly always: boolean;
}

export interface PlacedLabel extends Point {
  /** No free place was found: the label shows only while its edge is hovered. */
  readonly crowded: boolean;
}

const ALONG = [0.5, 0.3, 0.7, 0.15, 0.85];

/**
 * Puts each label (centred) on its edge where it overlaps no node and no label placed before it:
 * the middle of the edge first, then further along. Requests come most important first.
 */
export function placeLabels(requests: readonly LabelRequest[], obstacles: readonly Box[]): PlacedLabel[] {
  const taken: Box[] = [...obstacles];
  return requests.map(({ curves, width, height, always }) => {
    const box = (p: Point): Box => ({ x: p.x - width / 2, y: p.y - height / 2, width, height });
    const candidates = middleOut(curves).flatMap((c) => ALONG.map((t) => pointOn(c, t)));
    const free = candidates.find((p) => !taken.some((b) => overlaps(b, box(p))));
    const at = free ?? (candidates[0] as Point);
    if (free || always) taken.push(box(at));
    return { x: at.x, y: at.y, crowded: !free && !always };
  });
}

/** The middle curve first, then its neighbours outwards. */
function middleOut<T>(items: readonly T[]): T[] {
  const mid = Math.floor((items.length - 1) / 2);
  const out: T[] = [];
  for (let d = 0; out.length < items.length; d++) {
    for (const i of d === 0 ? [mid] : [mid + d, mid - d]) {
      const item = items[i];
      if (item !== undefined) out.push(item);
    }
  }
  return out;
}

export function overlaps(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}
