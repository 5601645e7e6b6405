import { openPostgresEventStore, openSqliteEventStore, type EventStore } from '@baton/eventstore';
import {
  ANALYTICS_PROJECTION_LIST,
  analyticsSqliteFile,
  openReadModelStore,
  rebuildProjection,
  type ReadModelStore,
} from '@baton/service-analytics';
import { Option, type Command } from 'commander';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { action, type CliRun, type CommandContext } from '../context';
import { duration, table } from '../format';
import { positiveInt } from '../input';
import { UsageError } from '../io';

const PROJECTIONS = ANALYTICS_PROJECTION_LIST.map((p) => p.name);

interface RebuildOptions {
  store: 'sqlite' | 'postgres';
  dataDir: string;
  eventsFile?: string;
  databaseUrl?: string;
  eventsSchema: string;
  schema: string;
  projection?: string[];
  chunk: string;
}

/** One projection's rebuild, as printed. */
interface Rebuilt {
  readonly projection: string;
  readonly events: number;
  readonly seconds: number;
  readonly eventsPerSecond: number;
  /** The checkpoint the live projection continues from (a store position). */
  readonly checkpoint: string;
}

export function analyticsRebuildCommand(analytics: Command, run: CliRun): Command {
  const { env } = run.deps;
  return analytics
    .command('rebuild')
    .description(
      'Rebuild the analytics read models by replaying the event store from its beginning into ' +
        'fresh tables, swapped in at once; the live projections continue from where it ended. ' +
        'Runs against the store itself (no server needed; a running Baton may keep running)',
    )
    .addOption(
      new Option('--store <kind>', 'sqlite: the embedded data directory; postgres: DATABASE_URL')
        .choices(['sqlite', 'postgres'])
        .default(env['BATON_STORE'] === 'postgres' ? 'postgres' : 'sqlite'),
    )
    .option(
      '--data-dir <dir>',
      'embedded data directory (baton.db, analytics.sqlite)',
      env['BATON_DATA_DIR'] || 'data',
    )
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
    )
    .option(
      '--schema <schema>',
      "PostgreSQL schema of the analytics service's read models",
      'baton_analytics',
    )
    .option('--projection <name...>', `only these projections: ${PROJECTIONS.join(', ')} (default: all)`)
    .option('--chunk <n>', 'events per transaction', '20000')
    .action(
      action(run, async (ctx, opts: RebuildOptions) => {
        const chunkSize = positiveInt(opts.chunk, '--chunk');
        const picked = pickProjections(opts.projection);
        const { events, readModels, where } = await openStores(opts);
        try {
          ctx.io.err(`rebuilding ${picked.map((p) => p.name).join(', ')} from ${where}`);
          const results: Rebuilt[] = [];
          for (const projection of picked) {
            results.push(await rebuildOne(ctx, { events, readModels, projection, chunkSize }));
          }
          ctx.print({ rebuilt: results }, () => rebuiltTable(results));
        } finally {
          await readModels.close();
          await events.close();
        }
      }),
    );
}

function pickProjections(names: readonly string[] | undefined) {
  const unknown = (names ?? []).filter((name) => !PROJECTIONS.includes(name));
  if (unknown.length > 0) {
    throw new UsageError(`--projection ${unknown.join(', ')}: expected one of ${PROJECTIONS.join(', ')}`);
  }
  return ANALYTICS_PROJECTION_LIST.filter((p) => names === undefined || names.includes(p.name));
}

async function openStores(
  opts: RebuildOptions,
): Promise<{ events: EventStore; readModels: ReadModelStore; where: string }> {
  if (opts.store === 'postgres') {
    const url = opts.databaseUrl;
    if (!url) throw new UsageError('--store postgres needs --database-url or DATABASE_URL');
    const events = await openPostgresEventStore({ connectionString: url, schema: opts.eventsSchema });
    const readModels = await openReadModelStore({ kind: 'postgres', url, schema: opts.schema }).catch(
      async (error: unknown) => {
        await events.close();
        throw error;
      },
    );
    return { events, readModels, where: `PostgreSQL schema ${opts.eventsSchema} into schema ${opts.schema}` };
  }
  const dataDir = resolve(opts.dataDir);
  const file = resolve(opts.eventsFile ?? join(dataDir, 'baton.db'));
  // Opening a missing file would create an empty store: a mistyped directory must not look fine.
  if (!existsSync(file)) throw new UsageError(`no event store at ${file} (is --data-dir right?)`);
  const events = await openSqliteEventStore({ file });
  const readModels = await openReadModelStore({ kind: 'sqlite', file: analyticsSqliteFile(dataDir) });
  return { events, readModels, where: `${file} into ${analyticsSqliteFile(dataDir)}` };
}

async function rebuildOne(
  ctx: CommandContext,
  options: Omit<Parameters<typeof rebuildProjection>[0], 'onProgress'>,
): Promise<Rebuilt> {
  const { io } = ctx;
  const name = options.projection.name;
  const started = io.now();
  const rate = (events: number) => Math.round(events / Math.max((io.now() - started) / 1000, 0.001));
  const line = (events: number) =>
    `${name}: ${events.toLocaleString('en')} events, ${rate(events).toLocaleString('en')} events/s`;
  let printed = started;
  const live = io.isTty && !ctx.json;
  const result = await rebuildProjection({
    ...options,
    onProgress: ({ events }) => {
      if (live) process.stderr.write(`\r\x1b[K${line(events)}`);
      else if (io.now() - printed >= 5_000) {
        printed = io.now();
        io.err(line(events));
      }
    },
  });
  if (live) process.stderr.write('\r\x1b[K');
  io.err(`${line(result.events)}, done in ${duration(io.now() - started)}`);
  const seconds = (io.now() - started) / 1000;
  return {
    projection: name,
    events: result.events,
    seconds: Math.round(seconds * 1000) / 1000,
    eventsPerSecond: rate(result.events),
    checkpoint: result.position.toString(),
  };
}

function rebuiltTable(results: readonly Rebuilt[]): string {
  return table(results, [
    { header: 'projection', value: (r) => r.projection },
    { header: 'events', value: (r) => r.events },
    { header: 'seconds', value: (r) => r.seconds },
    { header: 'events/s', value: (r) => r.eventsPerSecond },
    { header: 'checkpoint', value: (r) => r.checkpoint },
  ]);
}
