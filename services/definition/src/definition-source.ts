import { definitionV1 } from '@baton/contracts';
import {
  lintDefinition,
  parseDefinitionJson,
  parseDefinitionYaml,
  ValidationError,
  type LintFinding,
  type ProcessDefinition,
} from '@baton/domain';
import {
  processDefinitionToSource,
  type DefinitionSourceFormat,
  type PublishedLintFinding,
} from '@baton/event-wire';
import { RequestError } from '@baton/grpc-server';
import { createHash } from 'node:crypto';

/** The longest definition source accepted (a definition is a document, not a data set). */
export const MAX_SOURCE_BYTES = 1024 * 1024;

/**
 * The deepest `[`/`{` nesting accepted in a source. A definition needs a handful of levels; a few
 * thousand made the YAML parser run out of memory (the whole process: found by fuzzing).
 */
export const MAX_SOURCE_NESTING = 64;

/** How deep `[` and `{` nest in `text`, counted without parsing (quotes ignored: it is a bound). */
function bracketNestingOf(text: string): number {
  let depth = 0;
  let deepest = 0;
  for (const c of text) {
    if (c === '[' || c === '{') deepest = Math.max(deepest, ++depth);
    else if ((c === ']' || c === '}') && depth > 0) depth--;
  }
  return deepest;
}

/** A source that parsed and validated, with its lint findings located in the text. */
export interface CheckedSource {
  readonly format: DefinitionSourceFormat;
  readonly text: string;
  readonly definition: ProcessDefinition;
  readonly findings: PublishedLintFinding[];
}

/** The proto's rule: JSON when it says so or starts with `{`, YAML otherwise. */
function formatOf(source: definitionV1.DefinitionSource): DefinitionSourceFormat {
  if (source.format === definitionV1.SourceFormat.SOURCE_FORMAT_JSON) return 'json';
  if (source.format === definitionV1.SourceFormat.SOURCE_FORMAT_YAML) return 'yaml';
  return source.text.trimStart().startsWith('{') ? 'json' : 'yaml';
}

/**
 * Parses, validates and lints a request's definition: its `source` text, its structured
 * `definition`, or both (then they must describe the same definition). A structured definition
 * is kept as JSON source text. A malformed or invalid definition is an INVALID_ARGUMENT naming
 * each field (`definition.steps[2].owner`, with the line when the text has one).
 */
export function checkSource(
  source: definitionV1.DefinitionSource | undefined,
  structured?: definitionV1.ProcessDefinition,
): CheckedSource {
  const hasText = source !== undefined && source.text.trim() !== '';
  if (!hasText && structured === undefined) {
    throw new RequestError('a definition is required', [
      {
        field: 'source.text',
        description: 'give the definition as YAML or JSON text (source) or as a structured definition',
        reason: 'REQUIRED',
      },
    ]);
  }
  const fromStructured =
    structured && checkText('json', JSON.stringify(processDefinitionToSource(structured), null, 2));
  if (!hasText) return fromStructured as CheckedSource;
  const fromText = checkText(formatOf(source), source.text);
  if (fromStructured && contentSha256(fromStructured.definition) !== contentSha256(fromText.definition)) {
    throw new RequestError('source and definition disagree', [
      {
        field: 'definition',
        description: 'describes another definition than source; give one of them, or both alike',
        reason: 'MISMATCH',
      },
    ]);
  }
  return fromText;
}

function checkText(format: DefinitionSourceFormat, text: string): CheckedSource {
  if (Buffer.byteLength(text) > MAX_SOURCE_BYTES) {
    throw new RequestError('definition source too large', [
      { field: 'source.text', description: `must be at most ${MAX_SOURCE_BYTES} bytes`, reason: 'TOO_LARGE' },
    ]);
  }
  if (bracketNestingOf(text) > MAX_SOURCE_NESTING) {
    throw new RequestError('definition source nested too deep', [
      {
        field: 'source.text',
        description: `nests [ and { more than ${MAX_SOURCE_NESTING} levels deep`,
        reason: 'TOO_DEEP',
      },
    ]);
  }
  const parsed = format === 'json' ? parseDefinitionJson(text) : parseDefinitionYaml(text);
  if (!parsed.ok) {
    throw new ValidationError(
      'DEFINITION.INVALID',
      `the definition is invalid: ${parsed.errors.length} problem(s), first: ${parsed.errors[0]?.path || '(document)'}: ${parsed.errors[0]?.message}`,
      parsed.errors.map((e) => ({
        field: e.path ? `definition.${e.path}` : 'source.text',
        description: `${e.message}${e.line !== undefined ? ` (line ${e.line}:${e.column ?? 1})` : ''}`,
        reason: 'INVALID',
      })),
    );
  }
  const findings = lintDefinition(parsed.definition).map((f) => publishedFinding(f, parsed.locate(f.path)));
  return { format, text, definition: parsed.definition, findings };
}

function publishedFinding(
  f: LintFinding,
  at: { readonly line: number; readonly column: number } | undefined,
): PublishedLintFinding {
  return {
    ruleId: f.rule,
    severity: f.severity,
    message: f.message,
    path: f.path,
    ...(at ? { line: at.line, column: at.column } : {}),
    waived: f.waived !== undefined,
  };
}

/** Lint findings that refuse publication: unwaived errors. */
export const blockingFindings = (findings: readonly PublishedLintFinding[]) =>
  findings.filter((f) => f.severity === 'error' && !f.waived);

/**
 * SHA-256 of the definition's canonical JSON (keys sorted): equal definitions hash equally
 * whatever their formatting, so republishing an unchanged definition is recognised.
 */
export function contentSha256(definition: ProcessDefinition): string {
  return createHash('sha256').update(canonicalJson(definition)).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
