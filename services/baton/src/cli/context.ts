import type { Command } from 'commander';
import { BatonConnection, type ConnectionOptions } from './connection';
import type { CliIo } from './io';
import { json } from './format';

export const DEFAULT_ADDRESS = '127.0.0.1:50051';

/** What the CLI needs from its surroundings; tests pass buffers and their own environment. */
export interface CliDeps {
  readonly io: CliIo;
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** The global options every command accepts (`baton --help` lists them). */
export interface GlobalOptions {
  readonly address: string;
  readonly tenant?: string;
  readonly actor?: string;
  readonly token?: string;
  readonly json: boolean;
  readonly timeout: number;
}

/** Per-run state shared by the commands: the connection (opened on first use) and the exit code. */
export class CliRun {
  exitCode = 0;
  private connection: BatonConnection | undefined;

  constructor(readonly deps: CliDeps) {}

  get io(): CliIo {
    return this.deps.io;
  }

  connect(options: ConnectionOptions): BatonConnection {
    this.connection ??= new BatonConnection(options);
    return this.connection;
  }

  close(): void {
    this.connection?.close();
    this.connection = undefined;
  }
}

/** What an action gets: the run, the global options, the connection and output helpers. */
export class CommandContext {
  constructor(
    readonly run: CliRun,
    readonly globals: GlobalOptions,
  ) {}

  get io(): CliIo {
    return this.run.io;
  }

  get json(): boolean {
    return this.globals.json;
  }

  get baton(): BatonConnection {
    return this.run.connect({
      address: this.globals.address,
      timeoutMs: this.globals.timeout * 1000,
      ...(this.globals.tenant ? { tenant: this.globals.tenant } : {}),
      ...(this.globals.actor ? { actor: this.globals.actor } : {}),
      ...(this.globals.token ? { token: this.globals.token } : {}),
      serviceAddresses: serviceAddressesFrom(this.run.deps.env),
    });
  }

  /** Prints the JSON form with `--json`, the text form otherwise. */
  print(machine: unknown, text: () => string): void {
    this.io.out(this.json ? json(machine) : text());
  }

  /** Sets a non-zero exit code without throwing (e.g. lint found blocking problems). */
  fail(code = 1): void {
    this.run.exitCode = code;
  }
}

/** Wraps an action so it receives a {@link CommandContext} built from the command's options. */
export function action<Args extends unknown[]>(
  run: CliRun,
  body: (ctx: CommandContext, ...args: Args) => Promise<void>,
): (...raw: unknown[]) => Promise<void> {
  return async (...raw: unknown[]) => {
    const command = raw[raw.length - 1] as Command;
    const globals = command.optsWithGlobals<GlobalOptions>();
    const args = raw.slice(0, -1) as Args;
    await body(new CommandContext(run, globals), ...args);
  };
}

/**
 * Distributed mode: `BATON_DEFINITION_ADDRESS`, `BATON_EXECUTION_ADDRESS`, `BATON_OWNERSHIP_ADDRESS`
 * and `BATON_ANALYTICS_ADDRESS` send each service's calls to its own process.
 */
export function serviceAddressesFrom(
  env: CliDeps['env'],
): NonNullable<ConnectionOptions['serviceAddresses']> {
  const pick = (name: string) => env[`BATON_${name.toUpperCase()}_ADDRESS`] || undefined;
  const entries = (['definition', 'execution', 'ownership', 'analytics'] as const).flatMap((s) => {
    const address = pick(s);
    return address ? [[s, address] as const] : [];
  });
  return Object.fromEntries(entries);
}
