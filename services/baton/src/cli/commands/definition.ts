import { definitionV1 } from '@baton/contracts';
import type { Command } from 'commander';
import { action, type CliRun } from '../context';
import { describeError, isServiceError } from '../errors';
import { enumLabel, fields, table, time } from '../format';
import { nonNegativeInt, positiveInt } from '../input';
import {
  lintLocally,
  readDefinitionFile,
  remoteParseReport,
  remoteReport,
  renderLintReport,
  sourceMessage,
  type LintReport,
} from './definition-lint';

const { DefinitionVersion, DefinitionState, definitionStateToJSON } = definitionV1;

const stateLabel = (state: definitionV1.DefinitionState) =>
  enumLabel(definitionStateToJSON(state), 'DEFINITION_STATE_');

export function definitionCommands(program: Command, run: CliRun): void {
  const definition = program
    .command('definition')
    .alias('def')
    .description('Lint, publish and read process definitions');

  definition
    .command('lint')
    .description('Check a definition file (YAML or JSON) against the parser and the best-practice rules')
    .argument('<file>', 'definition file, e.g. examples/order-to-cash.yaml')
    .option('--remote', 'ask the server (LintDefinition) instead of linting locally')
    .addHelpText('after', '\nExits 1 when the file does not parse or publishing would be refused.')
    .action(
      action(run, async (ctx, path: string, opts: { remote?: boolean }) => {
        const file = readDefinitionFile(path);
        let report: LintReport;
        if (opts.remote) {
          const b = ctx.baton;
          try {
            const response = await b.call(
              b.definition,
              b.definition.lintDefinition,
              definitionV1.LintDefinitionRequest.fromPartial({ source: sourceMessage(file) }),
            );
            report = remoteReport(file, response);
          } catch (error) {
            // A file that does not parse is refused; show its errors as the local lint does.
            const parseErrors = isServiceError(error)
              ? remoteParseReport(file, describeError(error))
              : undefined;
            if (!parseErrors) throw error;
            report = parseErrors;
          }
        } else {
          report = lintLocally(file);
        }
        ctx.print(report, () => renderLintReport(report));
        if (!report.ok) ctx.fail(1);
      }),
    );

  definition
    .command('publish')
    .description('Publish a definition file as a new immutable version (PublishDefinition)')
    .argument('<file>', 'definition file (YAML or JSON)')
    .option('--note <text>', 'change note: what changed in this version')
    .option('--idempotency-key <key>', 'makes a retry safe')
    .option('--expected-version <n>', 'expected version of the definition stream (0: must be new)')
    .action(
      action(
        run,
        async (
          ctx,
          path: string,
          opts: { note?: string; idempotencyKey?: string; expectedVersion?: string },
        ) => {
          const file = readDefinitionFile(path);
          const b = ctx.baton;
          const response = await b.call(
            b.definition,
            b.definition.publishDefinition,
            definitionV1.PublishDefinitionRequest.fromPartial({
              source: sourceMessage(file),
              changeNote: opts.note ?? '',
              idempotencyKey: opts.idempotencyKey ?? '',
              ...(opts.expectedVersion !== undefined
                ? { expectedVersion: String(nonNegativeInt(opts.expectedVersion, '--expected-version')) }
                : {}),
            }),
          );
          ctx.print(definitionV1.PublishDefinitionResponse.toJSON(response), () => {
            const v = response.definitionVersion;
            const head = `published ${v?.definitionId} version ${v?.version} (sha256 ${v?.contentSha256.slice(0, 12)})`;
            const findings = response.findings.map(
              (f) =>
                `  ${enumLabel(definitionV1.severityToJSON(f.severity), 'SEVERITY_')} ${f.ruleId} ${f.path}: ${f.message}`,
            );
            return [head, ...findings].join('\n');
          });
        },
      ),
    );

  definition
    .command('list')
    .description('List definitions: the latest version of each, or every version of one')
    .option('--id <definitionId>', 'every version of this definition, newest first')
    .option('--deprecated', 'include deprecated versions')
    .option('--limit <n>', 'page size', '100')
    .action(
      action(run, async (ctx, opts: { id?: string; deprecated?: boolean; limit: string }) => {
        const b = ctx.baton;
        const response = await b.call(
          b.definition,
          b.definition.listDefinitions,
          definitionV1.ListDefinitionsRequest.fromPartial({
            pageSize: positiveInt(opts.limit, '--limit'),
            definitionId: opts.id ?? '',
            showDeprecated: Boolean(opts.deprecated),
            view: definitionV1.DefinitionView.DEFINITION_VIEW_FULL,
          }),
        );
        ctx.print(definitionV1.ListDefinitionsResponse.toJSON(response), () =>
          table(response.definitionVersions, [
            { header: 'id', value: (v) => v.definitionId },
            { header: 'version', value: (v) => v.version },
            { header: 'state', value: (v) => stateLabel(v.state) },
            { header: 'name', value: (v) => v.definition?.name, max: 40 },
            { header: 'steps', value: (v) => v.definition?.steps.length },
            { header: 'published', value: (v) => time(v.publishedAt) },
            { header: 'note', value: (v) => v.changeNote, max: 40 },
          ]),
        );
      }),
    );

  definition
    .command('show')
    .description('Show one version of a definition (the latest by default) with its steps')
    .argument('<definitionId>', 'the definition id, e.g. order-to-cash')
    .option('--version <n>', 'the version to show')
    .option('--source', 'print the source text it was published from')
    .action(
      action(run, async (ctx, id: string, opts: { version?: string; source?: boolean }) => {
        const b = ctx.baton;
        const response = await b.call(
          b.definition,
          b.definition.getDefinition,
          definitionV1.GetDefinitionRequest.fromPartial({
            definitionId: id,
            ...(opts.version !== undefined ? { version: positiveInt(opts.version, '--version') } : {}),
            view: definitionV1.DefinitionView.DEFINITION_VIEW_FULL,
          }),
        );
        const v = response.definitionVersion ?? DefinitionVersion.fromPartial({});
        ctx.print(definitionV1.GetDefinitionResponse.toJSON(response), () => {
          if (opts.source) return v.source?.text ?? '';
          const d = v.definition;
          const head = fields([
            ['definition', `${v.definitionId} v${v.version}`],
            ['name', d?.name],
            ['state', stateLabel(v.state)],
            ['published', `${time(v.publishedAt)}${v.publishedBy?.id ? ` by ${v.publishedBy.id}` : ''}`],
            [
              'deprecated',
              v.state === DefinitionState.DEFINITION_STATE_DEPRECATED ? v.deprecationReason : undefined,
            ],
            ['sha256', v.contentSha256],
            ['note', v.changeNote],
            ['triggers', d?.startTriggers.map((t) => t.eventType).join(', ')],
          ]);
          const steps = table(d?.steps ?? [], [
            { header: 'step', value: (s) => s.id },
            { header: 'kind', value: (s) => enumLabel(definitionV1.stepKindToJSON(s.kind), 'STEP_KIND_') },
            { header: 'name', value: (s) => s.name, max: 50 },
          ]);
          const findings = v.findings.map(
            (f) =>
              `  ${enumLabel(definitionV1.severityToJSON(f.severity), 'SEVERITY_')} ${f.ruleId} ${f.path}: ${f.message}`,
          );
          return [head, '', steps, ...(findings.length > 0 ? ['', 'findings:', ...findings] : [])].join('\n');
        });
      }),
    );
}
