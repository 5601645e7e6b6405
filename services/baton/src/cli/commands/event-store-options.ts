import { Option, type Command } from 'commander';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UsageError } from '../io';

/** Where a command that reads the event store itself (no server) finds it. */
export interface EventStoreOptions {
  store: 'sqlite' | 'postgres';
  dataDir: string;
  eventsFile?: string;
  databaseUrl?: string;
  eventsSchema: string;
}

/** Adds --store, --data-dir, --events-file, --database-url and --events-schema, defaults from the environment. */
export function withEventStoreOptions(
  command: Command,
  env: Readonly<Record<string, string | undefined>>,
  dataDirHolds: string,
): Command {
  return command
    .addOption(
      new Option('--store <kind>', 'sqlite: the embedded data directory; postgres: DATABASE_URL')
        .choices(['sqlite', 'postgres'])
        .default(env['BATON_STORE'] === 'postgres' ? 'postgres' : 'sqlite'),
    )
    .option('--data-dir <dir>', `embedded data directory (${dataDirHolds})`, env['BATON_DATA_DIR'] || 'data')
    .option('--events-file <file>', 'SQLite event store to read (default: <data-dir>/baton.db)')
    .option(
      '--database-url <url>',
      'PostgreSQL connection string (default: DATABASE_URL)',
      env['DATABASE_URL'],
    )
    .option(
      '--events-schema <schema>',
      "PostgreSQL schema of the execution service's events",
      'baton_execution',
    );
}

/** The PostgreSQL connection string, or a usage error naming both ways to give it. */
export function databaseUrlOf(opts: EventStoreOptions): string {
  if (!opts.databaseUrl) throw new UsageError('--store postgres needs --database-url or DATABASE_URL');
  return opts.databaseUrl;
}

/** The embedded store's file, which must exist: opening a missing one would create an empty store. */
export function sqliteEventsFile(opts: EventStoreOptions): string {
  const file = resolve(opts.eventsFile ?? join(resolve(opts.dataDir), 'baton.db'));
  if (!existsSync(file)) throw new UsageError(`no event store at ${file} (is --data-dir right?)`);
  return file;
}
