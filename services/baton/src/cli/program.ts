import { Command, CommanderError, Option } from 'commander';
import { CliRun, DEFAULT_ADDRESS, type CliDeps } from './context';
import { describeError, renderError } from './errors';
import { json } from './format';
import { positiveSeconds } from './input';

type AddCommands = (program: Command, run: CliRun) => unknown;

/**
 * The top-level commands by name, each module loaded only when needed: `baton analyze` and
 * `baton export` then start without loading the gRPC clients, Nest and the services (about half
 * a second of a short run).
 */
const COMMANDS: readonly { readonly names: readonly string[]; readonly load: () => Promise<AddCommands> }[] =
  [
    {
      names: ['definition', 'def'],
      load: async () => (await import('./commands/definition')).definitionCommands,
    },
    { names: ['instance'], load: async () => (await import('./commands/instance')).instanceCommands },
    { names: ['work'], load: async () => (await import('./commands/work')).workCommands },
    { names: ['step'], load: async () => (await import('./commands/step')).stepCommands },
    { names: ['trigger'], load: async () => (await import('./commands/trigger')).triggerCommands },
    { names: ['demo'], load: async () => (await import('./commands/demo')).demoCommand },
    { names: ['analyze'], load: async () => (await import('./commands/analyze')).analyzeCommand },
    { names: ['export'], load: async () => (await import('./commands/export')).exportCommand },
    { names: ['analytics'], load: async () => (await import('./commands/analytics')).analyticsCommands },
    { names: ['audit'], load: async () => (await import('./commands/audit')).auditCommands },
    { names: ['calendar'], load: async () => (await import('./commands/calendar')).calendarCommands },
  ];

/**
 * Builds the `baton` command tree; output goes to `run.io`, nothing exits the process. With
 * `argv`, a run naming one command gets only that command (the first argument that names one;
 * anything else, help included, gets them all).
 */
export async function buildProgram(run: CliRun, argv: readonly string[] = []): Promise<Command> {
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
    .addOption(
      new Option(
        '--token <jwt>',
        'bearer token sent with every call (servers with authentication; it names tenant and actor)',
      ).default(env['BATON_TOKEN'] || undefined, 'BATON_TOKEN'),
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
  const named = COMMANDS.find((c) => c.names.includes(commandName(argv) ?? ''));
  for (const command of named ? [named] : COMMANDS) (await command.load())(program, run);
  return program;
}

/** Global options followed by a value. */
const VALUED = new Set(['--address', '--tenant', '--actor', '--token', '--timeout']);

/** The first argument that is neither an option nor a global option's value. */
function commandName(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (VALUED.has(arg)) i++;
    else if (!arg.startsWith('-')) return arg;
  }
  return undefined;
}

/**
 * Runs the CLI on `argv` (without `node` and the script) and returns the exit code: 0 on success,
 * 1 when a call or check failed, 2 on a usage mistake.
 */
export async function runCli(argv: readonly string[], deps: CliDeps): Promise<number> {
  const run = new CliRun(deps);
  try {
    const program = await buildProgram(run, argv);
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
