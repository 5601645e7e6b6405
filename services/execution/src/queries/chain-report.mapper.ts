import { executionV1 } from '@baton/contracts';
import type { ChainProblem } from '@baton/eventstore';
import type { AuditTrailVerification } from './verify-audit-trail.query';

const kinds: Record<ChainProblem['kind'], executionV1.ChainProblemKind> = {
  altered: executionV1.ChainProblemKind.CHAIN_PROBLEM_KIND_ALTERED,
  missing: executionV1.ChainProblemKind.CHAIN_PROBLEM_KIND_MISSING,
  unchained: executionV1.ChainProblemKind.CHAIN_PROBLEM_KIND_UNLINKED,
};

/** The store's chain report as the VerifyAuditTrail response. */
export function chainReportMessage(
  instanceId: string,
  report: AuditTrailVerification,
): executionV1.VerifyAuditTrailResponse {
  const problem = report.firstProblem;
  return {
    instanceId,
    events: report.events,
    verified: report.verified,
    unchained: report.unchained,
    intact: problem === undefined && report.verified > 0,
    firstProblem: problem && {
      streamVersion: problem.streamVersion,
      kind: kinds[problem.kind],
      reason: problem.reason,
    },
    definitionSha256: report.definitionSha256 ?? '',
    definitionMatches: report.definitionMatches,
  };
}
