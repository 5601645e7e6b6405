import { LineCounter, parseDocument } from 'yaml';
import { fitPathToSource, formatPath, isRecord, type DefinitionIssue, type PathSegment } from './issues';
import type { ProcessDefinition } from './model';
import { normalizeDefinition } from './normalize';
import { toIndexSegments } from './paths';
import type { RawIssue } from './references-context';
import { checkReferences } from './references';
import { definitionSource } from './schema';
import { locateInYaml, type SourcePosition } from './yaml-locate';
import { fromZodIssues } from './zod-issues';

export type DefinitionParseResult =
  | {
      readonly ok: true;
      readonly definition: ProcessDefinition;
      /**
       * Where a path (index form `steps[2].owner`, or the id form of lint findings
       * `steps[provision-it].owner`) is in the source; always undefined for JSON.
       */
      readonly locate: (path: string) => SourcePosition | undefined;
    }
  | { readonly ok: false; readonly errors: readonly DefinitionIssue[] };

type Validation =
  | { readonly ok: true; readonly definition: ProcessDefinition }
  | { readonly ok: false; readonly issues: RawIssue[] };

const NOT_A_MAPPING = 'a definition is a mapping with id, category, steps and (usually) trigger and handoffs';

/** Parses and validates YAML source text; every error carries its path, line and column. */
export function parseDefinitionYaml(source: string): DefinitionParseResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      errors: doc.errors.map((error) => {
        const { line, col } = lineCounter.linePos(error.pos[0]);
        return { path: '', message: error.message.split('\n')[0] ?? error.message, line, column: col };
      }),
    };
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 1000 });
  } catch (error) {
    return {
      ok: false,
      errors: [{ path: '', message: error instanceof Error ? error.message : String(error) }],
    };
  }
  const locateSegments = (segments: readonly PathSegment[]) => locateInYaml(doc, lineCounter, segments);
  const result = validate(value);
  if (!result.ok) {
    return {
      ok: false,
      errors: sortByPosition(
        result.issues.map(({ path, message }) => ({
          path: formatPath(path),
          message,
          ...locateSegments(path),
        })),
      ),
    };
  }
  const { definition } = result;
  const single = isRecord(value) && value['trigger'] !== undefined;
  return {
    ok: true,
    definition,
    locate: (path) => {
      const segments = toIndexSegments(definition, path);
      if (single && segments[0] === 'triggers') segments.splice(0, 2, 'trigger');
      return locateSegments(segments);
    },
  };
}

/**
 * Parses and validates a JSON definition: text (always read as JSON) or an already parsed value.
 * JSON issues carry paths but no positions.
 */
export function parseDefinitionJson(source: string | unknown): DefinitionParseResult {
  let value: unknown = source;
  if (typeof source === 'string') {
    try {
      value = JSON.parse(source);
    } catch (error) {
      return { ok: false, errors: [{ path: '', message: `not valid JSON: ${(error as Error).message}` }] };
    }
  }
  const result = validate(value);
  if (!result.ok)
    return {
      ok: false,
      errors: result.issues.map(({ path, message }) => ({ path: formatPath(path), message })),
    };
  return { ok: true, definition: result.definition, locate: () => undefined };
}

function validate(value: unknown): Validation {
  if (!isRecord(value)) return { ok: false, issues: [{ path: [], message: NOT_A_MAPPING }] };
  const parsed = definitionSource.safeParse(value);
  if (!parsed.success) return { ok: false, issues: fromZodIssues(parsed.error.issues, value) };
  const issues = checkReferences(parsed.data);
  if (issues.length > 0) {
    return {
      ok: false,
      issues: issues.map((issue) => ({ ...{}, ...issue, path: fitPathToSource(value, issue.path) })),
    };
  }
  return { ok: true, definition: normalizeDefinition(parsed.data) };
}

function sortByPosition(issues: DefinitionIssue[]): DefinitionIssue[] {
  return issues
    .map((issue, index) => ({ issue, index }))
    .sort(
      (a, b) =>
        (a.issue.line ?? 0) - (b.issue.line ?? 0) ||
        (a.issue.column ?? 0) - (b.issue.column ?? 0) ||
        a.index - b.index,
    )
    .map(({ issue }) => issue);
}
