import { definitionV1 } from '@baton/contracts';
import {
  lintDefinition,
  parseDefinitionJson,
  parseDefinitionYaml,
  ValidationError,
  type LintFinding,
  type ProcessDefinition,
} from '@baton/domain';
import type { DefinitionSourceFormat, PublishedLintFinding } from '@baton/event-wire';
import { RequestError } from '@baton/grpc-server';
import { createHash } from 'node:crypto';

/** The longest definition source accepted (a definition is a document, not a data set). */
export const MAX_SOURCE_BYTES = 1024 * 1024;

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
 * Parses, validates and lints a request's source. A malformed or invalid definition is an
 * INVALID_ARGUMENT naming each field (`source.text: steps[2].owner (line 14:5)`).
 */
export function checkSource(source: definitionV1.DefinitionSource | undefined): CheckedSource {
  if (!source || source.text.trim() === '') {
    throw new RequestError('a definition source is required', [
      {
        field: 'source.text',
        description:
          'the definition as YAML or JSON text is required (structured definitions are not accepted yet)',
        reason: 'REQUIRED',
      },
    ]);
  }
  if (Buffer.byteLength(source.text) > MAX_SOURCE_BYTES) {
    throw new RequestError('definition source too large', [
      { field: 'source.text', description: `must be at most ${MAX_SOURCE_BYTES} bytes`, reason: 'TOO_LARGE' },
    ]);
  }
  const format = formatOf(source);
  const parsed = format === 'json' ? parseDefinitionJson(source.text) : parseDefinitionYaml(source.text);
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
  return { format, text: source.text, definition: parsed.definition, findings };
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
