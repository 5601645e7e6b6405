/** One problem found while parsing a definition source, with where it is. */
export interface DefinitionIssue {
  /** Path in the source, e.g. `steps[2].owner.team`; empty for the document as a whole. */
  readonly path: string;
  readonly message: string;
  /** 1-based line and column in YAML source text, when the path maps to it. */
  readonly line?: number;
  readonly column?: number;
}

export type PathSegment = string | number;

/** `['steps', 2, 'owner', 'team']` → `steps[2].owner.team`. */
export function formatPath(segments: readonly PathSegment[]): string {
  let out = '';
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out ? `.${segment}` : segment;
  }
  return out;
}

/** `steps[2].owner.team` → `['steps', 2, 'owner', 'team']`; `steps[provision-it]` keeps the id. */
export function splitPath(path: string): PathSegment[] {
  const segments: PathSegment[] = [];
  for (const match of path.matchAll(/([^.[\]]+)|\[([^\]]*)\]/g)) {
    const [, name, bracket] = match;
    if (name !== undefined) segments.push(name);
    else if (bracket !== undefined) segments.push(/^\d+$/.test(bracket) ? Number(bracket) : bracket);
  }
  return segments;
}

/**
 * Shorthand lets a structure be written as one value (`from: triage` for `from: [triage]`,
 * `deadline: P3D` for `deadline: { within: P3D }`). Paths are computed on the expanded form; this
 * cuts them where the source wrote a single value, so the path names what the author wrote.
 */
export function fitPathToSource(source: unknown, segments: readonly PathSegment[]): PathSegment[] {
  const fitted: PathSegment[] = [];
  let value: unknown = source;
  for (const segment of segments) {
    if (value !== undefined && value !== null && typeof value !== 'object') break;
    fitted.push(segment);
    value =
      value === undefined || value === null ? undefined : (value as Record<PathSegment, unknown>)[segment];
  }
  return fitted;
}

export function valueAt(source: unknown, segments: readonly PathSegment[]): unknown {
  let value: unknown = source;
  for (const segment of segments) {
    if (!isRecord(value) && !Array.isArray(value)) return undefined;
    value = (value as Record<string, unknown>)[segment];
  }
  return value;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
