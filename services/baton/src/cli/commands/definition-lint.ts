import { canPublish, lintDefinition, parseDefinitionJson, parseDefinitionYaml } from '@baton/domain';
import { definitionV1 } from '@baton/contracts';
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { UsageError } from '../io';
import type { ErrorView } from '../errors';
import { table } from '../format';

/** One problem in a definition file, local or remote: a parse error or a lint finding. */
export interface LintProblem {
  readonly severity: 'error' | 'warning' | 'info';
  /** `parse` for parse/validation errors, otherwise the lint rule id. */
  readonly rule: string;
  /** Path in the definition, e.g. `steps[2].owner` or `steps[provision-it].owner`. */
  readonly path: string;
  readonly message: string;
  readonly line?: number;
  readonly column?: number;
  readonly waived?: string;
}

/** The outcome of linting one file; `ok` is false when publishing would be refused. */
export interface LintReport {
  readonly file: string;
  readonly source: 'local' | 'remote';
  readonly ok: boolean;
  /** Parse or validation failed; findings are then the parse errors. */
  readonly parsed: boolean;
  readonly definitionId?: string;
  readonly problems: readonly LintProblem[];
}

export interface DefinitionFile {
  readonly path: string;
  readonly text: string;
  readonly format: 'yaml' | 'json';
}

export function readDefinitionFile(path: string): DefinitionFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${path}: ${(error as Error).message}`);
  }
  const ext = extname(path).toLowerCase();
  const format = ext === '.json' || (ext !== '.yaml' && ext !== '.yml' && text.trimStart().startsWith('{'));
  return { path, text, format: format ? 'json' : 'yaml' };
}

export function sourceMessage(file: DefinitionFile): definitionV1.DefinitionSource {
  return definitionV1.DefinitionSource.fromPartial({
    format:
      file.format === 'json'
        ? definitionV1.SourceFormat.SOURCE_FORMAT_JSON
        : definitionV1.SourceFormat.SOURCE_FORMAT_YAML,
    text: file.text,
  });
}

/** Lints a file with the domain's parser and linter: no server needed. */
export function lintLocally(file: DefinitionFile): LintReport {
  const parsed = file.format === 'json' ? parseDefinitionJson(file.text) : parseDefinitionYaml(file.text);
  if (!parsed.ok) {
    return {
      file: file.path,
      source: 'local',
      ok: false,
      parsed: false,
      problems: parsed.errors.map((e) => ({
        severity: 'error',
        rule: 'parse',
        path: e.path,
        message: e.message,
        ...(e.line !== undefined ? { line: e.line } : {}),
        ...(e.column !== undefined ? { column: e.column } : {}),
      })),
    };
  }
  const findings = lintDefinition(parsed.definition);
  return {
    file: file.path,
    source: 'local',
    ok: canPublish(findings).ok,
    parsed: true,
    definitionId: parsed.definition.id,
    problems: findings.map((f) => {
      const at = parsed.locate(f.path);
      return {
        severity: f.severity,
        rule: f.rule,
        path: f.path,
        message: f.message,
        ...(at ? { line: at.line, column: at.column } : {}),
        ...(f.waived ? { waived: `${f.waived.reason} (approved by ${f.waived.approvedBy})` } : {}),
      };
    }),
  };
}

const severityOf = (s: definitionV1.Severity): LintProblem['severity'] =>
  s === definitionV1.Severity.SEVERITY_ERROR
    ? 'error'
    : s === definitionV1.Severity.SEVERITY_WARNING
      ? 'warning'
      : 'info';

/** The report of a LintDefinition response. */
export function remoteReport(
  file: DefinitionFile,
  response: definitionV1.LintDefinitionResponse,
): LintReport {
  return {
    file: file.path,
    source: 'remote',
    ok: !response.blocking,
    parsed: true,
    problems: response.findings.map((f) => ({
      severity: severityOf(f.severity),
      rule: f.ruleId,
      path: f.path,
      message: f.message,
      ...(f.line ? { line: f.line } : {}),
      ...(f.column ? { column: f.column } : {}),
      ...(f.waived ? { waived: 'waived' } : {}),
    })),
  };
}

/**
 * The report of a LintDefinition call the server refused because the file is not a valid
 * definition (INVALID_ARGUMENT, reason DEFINITION.INVALID): its field violations are the parse
 * errors, as the local parser reports them. Undefined for any other error.
 */
export function remoteParseReport(file: DefinitionFile, error: ErrorView): LintReport | undefined {
  if (error.status !== 'INVALID_ARGUMENT' || error.reason !== 'DEFINITION.INVALID') return undefined;
  const violations = error.fieldViolations ?? [{ field: '', description: error.message }];
  return {
    file: file.path,
    source: 'remote',
    ok: false,
    parsed: false,
    problems: violations.map((v) => {
      const at = /^(.*?)\s*\(line (\d+):(\d+)\)$/.exec(v.description);
      return {
        severity: 'error',
        rule: 'parse',
        path: v.field.replace(/^definition\.?/, ''),
        message: at ? (at[1] as string) : v.description,
        ...(at ? { line: Number(at[2]), column: Number(at[3]) } : {}),
      };
    }),
  };
}

/** Text form of a lint report: a summary line, then one row per problem. */
export function renderLintReport(report: LintReport): string {
  const counts = (['error', 'warning', 'info'] as const)
    .map((s) => [s, report.problems.filter((p) => p.severity === s && !p.waived).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${s}${n === 1 ? '' : 's'}`);
  const waived = report.problems.filter((p) => p.waived).length;
  const summary = [
    `${report.file}: ${report.ok ? 'ok' : report.parsed ? 'publishing would be refused' : 'not a valid definition'}`,
    counts.length > 0 ? counts.join(', ') : 'no findings',
    ...(waived > 0 ? [`${waived} waived`] : []),
    `(${report.source})`,
  ].join(' — ');
  if (report.problems.length === 0) return summary;
  const rows = table(report.problems, [
    { header: 'severity', value: (p) => (p.waived ? `${p.severity} (waived)` : p.severity) },
    { header: 'at', value: (p) => (p.line !== undefined ? `${p.line}:${p.column ?? 1}` : '') },
    { header: 'rule', value: (p) => p.rule },
    { header: 'path', value: (p) => p.path || '(document)' },
    { header: 'message', value: (p) => p.message },
  ]);
  return `${summary}\n${rows}`;
}
