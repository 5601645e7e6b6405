import { definitionV1 } from '@baton/contracts';
import type { instance } from '@baton/domain';
import { invalidField } from '../errors';
import type { EventDataMapper } from './event-data-mapper';
import { present, required } from './wire-values';

// Definition events (stream `definition-{id}`). The domain has no definition aggregate events yet,
// so their stored data shapes are defined here, aligned field by field with
// baton.definition.v1. Who published is the envelope's actor, not data.

export type DefinitionSourceFormat = 'yaml' | 'json';

/** A lint finding recorded at publication (non-blocking or waived). */
export interface PublishedLintFinding {
  readonly ruleId: string;
  readonly severity: 'info' | 'warning' | 'error';
  readonly message: string;
  /** Id-form path, e.g. `handoffs[terms->billing].data`. */
  readonly path: string;
  /** 1-based line and column in the source, when known. */
  readonly line?: number;
  readonly column?: number;
  readonly waived: boolean;
}

/** Data of `DefinitionVersionPublished`: a new immutable version of a definition. */
export interface DefinitionVersionPublishedData {
  readonly definitionId: string;
  readonly version: number;
  /** Lower-case hex SHA-256 of the definition's canonical form (the wire's `content_sha256`). */
  readonly contentSha256: string;
  /** The source text exactly as published. */
  readonly source: { readonly format: DefinitionSourceFormat; readonly text: string };
  readonly findings: readonly PublishedLintFinding[];
  readonly changeNote?: string;
}

/** Data of `DefinitionDeprecated`: one version (or, without `version`, every version) deprecated. */
export interface DefinitionDeprecatedData {
  readonly definitionId: string;
  readonly version?: number;
  readonly reason: string;
  readonly replacedByVersion?: number;
}

export type DefinitionVersionPublished = instance.DomainEvent<
  'DefinitionVersionPublished',
  DefinitionVersionPublishedData
>;
export type DefinitionDeprecated = instance.DomainEvent<'DefinitionDeprecated', DefinitionDeprecatedData>;
export type DefinitionEvent = DefinitionVersionPublished | DefinitionDeprecated;
export type DefinitionEventType = DefinitionEvent['type'];

const { SourceFormat, Severity } = definitionV1;

const severities = {
  info: Severity.SEVERITY_INFO,
  warning: Severity.SEVERITY_WARNING,
  error: Severity.SEVERITY_ERROR,
} as const;

function severityOf(field: string, severity: definitionV1.Severity): PublishedLintFinding['severity'] {
  const found = (Object.keys(severities) as PublishedLintFinding['severity'][]).find(
    (s) => severities[s] === severity,
  );
  if (found === undefined) throw invalidField(field, `is not a known severity (${severity})`);
  return found;
}

/** An unspecified format is detected as the proto says: JSON by a leading `{`, YAML otherwise. */
function formatOf(source: definitionV1.DefinitionSource): DefinitionSourceFormat {
  if (source.format === SourceFormat.SOURCE_FORMAT_JSON) return 'json';
  if (source.format === SourceFormat.SOURCE_FORMAT_YAML) return 'yaml';
  return source.text.trimStart().startsWith('{') ? 'json' : 'yaml';
}

/**
 * The wire's `definition` (a ProcessDefinition message) stays unset: the stored data keeps the
 * source, and mapping the domain model to ProcessDefinition belongs to the definition service.
 */
export const definitionVersionPublished: EventDataMapper<
  DefinitionVersionPublishedData,
  definitionV1.DefinitionVersionPublished
> = {
  messageType: definitionV1.DefinitionVersionPublished,
  toWire: (d) =>
    definitionV1.DefinitionVersionPublished.fromPartial({
      definitionId: d.definitionId,
      version: d.version,
      source: {
        format:
          d.source.format === 'json' ? SourceFormat.SOURCE_FORMAT_JSON : SourceFormat.SOURCE_FORMAT_YAML,
        text: d.source.text,
      },
      contentSha256: d.contentSha256,
      findings: d.findings.map((f) => ({
        ruleId: f.ruleId,
        severity: severities[f.severity],
        message: f.message,
        path: f.path,
        line: f.line ?? 0,
        column: f.column ?? 0,
        waived: f.waived,
      })),
      changeNote: d.changeNote ?? '',
    }),
  toDomain: (m) => {
    if (m.source === undefined) throw invalidField('source', 'is required');
    return {
      definitionId: required('definitionId', m.definitionId),
      version: m.version,
      contentSha256: m.contentSha256,
      source: { format: formatOf(m.source), text: m.source.text },
      findings: m.findings.map((f, i) => ({
        ruleId: f.ruleId,
        severity: severityOf(`findings[${i}].severity`, f.severity),
        message: f.message,
        path: f.path,
        ...(f.line > 0 ? { line: f.line } : {}),
        ...(f.column > 0 ? { column: f.column } : {}),
        waived: f.waived,
      })),
      ...present('changeNote', m.changeNote),
    };
  },
};

export const definitionDeprecated: EventDataMapper<
  DefinitionDeprecatedData,
  definitionV1.DefinitionDeprecated
> = {
  messageType: definitionV1.DefinitionDeprecated,
  toWire: (d) =>
    definitionV1.DefinitionDeprecated.fromPartial({
      definitionId: d.definitionId,
      version: d.version,
      reason: d.reason,
      replacedByVersion: d.replacedByVersion,
    }),
  toDomain: (m) => ({
    definitionId: required('definitionId', m.definitionId),
    ...(m.version === undefined ? {} : { version: m.version }),
    reason: m.reason,
    ...(m.replacedByVersion === undefined ? {} : { replacedByVersion: m.replacedByVersion }),
  }),
};
