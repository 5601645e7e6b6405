import { formatPath, splitPath, type PathSegment } from './issues';
import type { ProcessDefinition } from './model';

/**
 * Lint finding paths name elements by id (`steps[provision-it].owner`, `handoffs[start->triage]`),
 * so waivers keep matching when the source is reordered. Field names are the source's.
 */
export const stepPath = (stepId: string) => `steps[${stepId}]`;
export const handoffPath = (handoffId: string) => `handoffs[${handoffId}]`;
export const exceptionPath = (exceptionId: string) => `exceptions[${exceptionId}]`;

function idsOf(
  definition: ProcessDefinition,
  collection: PathSegment | undefined,
): readonly string[] | undefined {
  switch (collection) {
    case 'steps':
      return definition.steps.map((step) => step.id);
    case 'handoffs':
      return definition.handoffs.map((handoff) => handoff.id);
    case 'exceptions':
      return definition.exceptions.map((exception) => exception.id);
    default:
      return undefined;
  }
}

/** `handoffs[3].owner` → `handoffs[<id of the fourth handoff>].owner`; id paths are returned as is. */
export function toIdPath(definition: ProcessDefinition, path: string): string {
  const segments = splitPath(path);
  const ids = idsOf(definition, segments[0]);
  const key = segments[1];
  if (ids === undefined || typeof key !== 'number' || ids[key] === undefined) return path;
  const rest = formatPath(segments.slice(2));
  return `${String(segments[0])}[${ids[key]}]${rest && !rest.startsWith('[') ? '.' : ''}${rest}`;
}

/** `steps[provision-it].owner` → `['steps', 0, 'owner']`, for locating a finding in the source. */
export function toIndexSegments(definition: ProcessDefinition, path: string): PathSegment[] {
  const segments = splitPath(path);
  const ids = idsOf(definition, segments[0]);
  const key = segments[1];
  if (ids !== undefined && typeof key === 'string') {
    const index = ids.indexOf(key);
    if (index >= 0) segments[1] = index;
  }
  return segments;
}

/** Whether `path` is `prefix` or lies inside it (`steps[a].owner` is inside `steps[a]`). */
export function isWithin(path: string, prefix: string): boolean {
  if (prefix === '') return true;
  return path === prefix || path.startsWith(`${prefix}.`) || path.startsWith(`${prefix}[`);
}
