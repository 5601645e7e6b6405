import { executionV1 } from '@baton/contracts';
import type { Command } from 'commander';
import { action, type CliRun } from '../context';

const problemNames: Partial<Record<executionV1.ChainProblemKind, string>> = {
  [executionV1.ChainProblemKind.CHAIN_PROBLEM_KIND_ALTERED]: 'altered',
  [executionV1.ChainProblemKind.CHAIN_PROBLEM_KIND_MISSING]: 'missing',
  [executionV1.ChainProblemKind.CHAIN_PROBLEM_KIND_UNLINKED]: 'unlinked',
};

/** The verdict in words: what was checked, and where the chain first breaks. */
function verdict(r: executionV1.VerifyAuditTrailResponse): string {
  const lines = [`instance ${r.instanceId}: ${r.events} events, ${r.verified} verified`];
  if (r.unchained > 0) lines.push(`${r.unchained} recorded before events were chained: not verifiable`);
  const problem = r.firstProblem;
  if (problem) {
    lines.push(
      `BROKEN at version ${problem.streamVersion} (${problemNames[problem.kind] ?? 'unknown'}): ${problem.reason}`,
    );
  } else lines.push(r.intact ? 'intact' : 'nothing verifiable');
  if (!r.definitionSha256) lines.push('definition version: no checksum recorded at start');
  else
    lines.push(
      `definition version sha256 ${r.definitionSha256}: ${r.definitionMatches ? 'matches the published version' : 'DIFFERS from the version known today'}`,
    );
  return lines.join('\n');
}

export function auditCommands(program: Command, run: CliRun): void {
  const audit = program.command('audit').description('Tamper evidence of the recorded events');

  audit
    .command('verify')
    .description(
      "Recompute the hash chain of an instance's stored events and report the first altered, missing or unlinked one (VerifyAuditTrail); exits with 1 unless intact",
    )
    .argument('<instanceId>', 'the instance')
    .action(
      action(run, async (ctx, instanceId: string) => {
        const b = ctx.baton;
        const response = await b.call(
          b.execution,
          b.execution.verifyAuditTrail,
          executionV1.VerifyAuditTrailRequest.fromPartial({ instanceId }),
        );
        ctx.print(executionV1.VerifyAuditTrailResponse.toJSON(response), () => verdict(response));
        if (!response.intact) ctx.fail(1);
      }),
    );
}
