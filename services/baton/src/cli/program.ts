import { Command, CommanderError, Option } from 'commander';
import { analyticsCommands } from './commands/analytics';
import { analyzeCommand } from './commands/analyze';
import { definitionCommands } from './commands/definition';
import { demoCommand } from './commands/demo';
import { exportCommand } from './commands/export';
import { instanceCommands } from './commands/instance';
import { stepCommands } from './commands/step';
import { triggerCommands } from './commands/trigger';
import { workCommands } from './commands/work';
import { CliRun, DEFAULT_ADDRESS, type CliDeps } from './context';
import { describeError, renderError } from './errors';
import { json } from './format';
import { positiveSeconds } from './input';

/** Builds the `baton` command tree; output goes to `run.io`, nothing exits the process. */
export function buildProgram(run: CliRun): Command {
  const { io, env } = run.deps;
  const program = new Command('baton')
    .description("Baton's command line: an integrator's client of a running Baton, over gRPC")
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) })
    .configureHelp({ showGlobalOptions: true })
    .showHelpAfterError('(run with --help for usage)')
    .addOption(
      new Option('--address <host:port>', 'address of the Baton gRPC server')
        .env('BATON_ADDRESS')
        .default(env['BATON_ADDRESS'] || DEFAULT_ADDRESS),
    )
    .addOption(
      new Option('--tenant <id>', 'tenant (sent as x-baton-tenant)').default(
        env['BATON_TENANT'] || undefined,
      ),
    )
    .addOption(
      new Option('--actor <id>', 'who is calling (sent as x-baton-actor)').default(
        env['BATON_ACTOR'] || undefined,
      ),
    )
    .option('--json', 'machine-readable JSON output', false)
    .addOption(
      new Option('--timeout <seconds>', 'deadline of each call')
        .default(10)
        .argParser((v) => positiveSeconds(v, '--timeout')),
    )
    .addHelpText(
      'after',
      `
Examples:
  npm start                                    # in another terminal: Baton on ${DEFAULT_ADDRESS}
  npx baton definition lint examples/order-to-cash.yaml
  npx baton instance start order-to-cash --key o-1001 --data @order.json
  npx baton work list --team finance-billing
  npx baton demo --instances 50 --concurrency 8`,
    );
  definitionCommands(program, run);
  instanceCommands(program, run);
  workCommands(program, run);
  stepCommands(program, run);
  triggerCommands(program, run);
  demoCommand(program, run);
  analyzeCommand(program, run);
  exportCommand(program, run);
  analyticsCommands(program, run);
  return program;
}

/**
 * Runs the CLI on `argv` (without `node` and the script) and returns the exit code: 0 on success,
 * 1 when a call or check failed, 2 on a usage mistake.
 */
export async function runCli(argv: readonly string[], deps: CliDeps): Promise<number> {
  const run = new CliRun(deps);
  const program = buildProgram(run);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return run.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version exit 0; commander already printed its own usage messages.
      return error.exitCode === 0 ? 0 : 2;
    }
    const view = describeError(error);
    const asJson = argv.includes('--json');
    deps.io.err(asJson ? json({ error: view }) : renderError(view));
    return view.kind === 'usage' ? 2 : 1;
  } finally {
    run.close();
  }
}
