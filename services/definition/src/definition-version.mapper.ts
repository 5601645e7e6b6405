import { definitionV1 } from '@baton/contracts';
import { processDefinitionToProto, type PublishedLintFinding } from '@baton/event-wire';
import type { CatalogVersion } from './catalog/definition-catalog';

const severities = {
  info: definitionV1.Severity.SEVERITY_INFO,
  warning: definitionV1.Severity.SEVERITY_WARNING,
  error: definitionV1.Severity.SEVERITY_ERROR,
} as const;

export function findingToProto(f: PublishedLintFinding): definitionV1.LintFinding {
  return definitionV1.LintFinding.fromPartial({
    ruleId: f.ruleId,
    severity: severities[f.severity],
    message: f.message,
    path: f.path,
    line: f.line ?? 0,
    column: f.column ?? 0,
    waived: f.waived,
  });
}

/** A version as the API returns it; BASIC leaves out the source (and the structured definition). */
export function versionToProto(v: CatalogVersion, view: 'basic' | 'full'): definitionV1.DefinitionVersion {
  const p = v.published;
  return definitionV1.DefinitionVersion.fromPartial({
    definitionId: p.definitionId,
    tenantId: v.tenantId,
    version: p.version,
    state: v.deprecated
      ? definitionV1.DefinitionState.DEFINITION_STATE_DEPRECATED
      : definitionV1.DefinitionState.DEFINITION_STATE_ACTIVE,
    ...(view === 'full'
      ? {
          source: {
            format:
              p.source.format === 'json'
                ? definitionV1.SourceFormat.SOURCE_FORMAT_JSON
                : definitionV1.SourceFormat.SOURCE_FORMAT_YAML,
            text: p.source.text,
          },
          definition: processDefinitionToProto(v.definition),
        }
      : {}),
    contentSha256: p.contentSha256,
    findings: p.findings.map(findingToProto),
    changeNote: p.changeNote ?? '',
    publishedAt: v.publishedAt,
    publishedBy: { id: v.publishedBy },
    ...(v.deprecated
      ? {
          deprecatedAt: v.deprecated.at,
          deprecationReason: v.deprecated.reason,
          replacedByVersion: v.deprecated.replacedByVersion ?? 0,
        }
      : {}),
  });
}
