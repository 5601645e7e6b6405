import { openPostgresEventStore, openSqliteEventStore, type EventStore } from '@baton/eventstore';
import {
  ANALYTICS_PROJECTION_LIST,
  analyticsSqliteFile,
  openReadModelStore,
  rebuildProjections,
  type ReadModelStore,
} from '@baton/service-analytics';
import type { Command } from 'commander';
import { resolve } from 'node:path';
import { action, type CliRun, type CommandContext } from '../context';
import { duration, table } from '../format';
import { positiveInt } from '../input';
import { UsageError } from '../io';
import {
  databaseUrlOf,
  sqliteEventsFile,
  withEventStoreOptions,
  type EventStoreOptions,
} from './event-store-options';

const PROJECTIONS = ANALYTICS_PROJECTION_LIST.map((p) => p.name);

interface RebuildOptions extends EventStoreOptions {
  definitionSchema: string;
  ownershipSchema: string;
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
  const command = analytics
    .command('rebuild')
    .description(
      'Rebuild the analytics read models by replaying the event store from its beginning into ' +
        'fresh tables, swapped in at once; the live projections continue from where it ended. ' +
        'Runs against the store itself (no server needed; a running Baton may keep running)',
    );
  return withEventStoreOptions(command, env, 'baton.db, analytics.sqlite')
    .option(
      '--definition-schema <schema>',
      "PostgreSQL schema of the definition service's events (for the definitions catalog)",
      'baton_definition',
    )
    .option(
      '--ownership-schema <schema>',
      "PostgreSQL schema of the ownership service's events (for the directory)",
      'baton_ownership',
    )
    .option(
      '--schema <schema>',
      "PostgreSQL schema of the analytics service's read models",
      'baton_analytics',
    )
    .option('--projection <name...>', `only these projections: ${PROJECTIONS.join(', ')} (default: all)`)
    .option('--chunk <n>', 'events per transaction', '5000')
    .action(
      action(run, async (ctx, opts: RebuildOptions) => {
        const chunkSize = positiveInt(opts.chunk, '--chunk');
        const picked = pickProjections(opts.projection);
        const { eventsOf, readModels, where, close } = await openStores(opts);
        try {
          ctx.io.err(`rebuilding ${picked.map((p) => p.name).join(', ')} from ${where}`);
          // The projections whose events one store holds are rebuilt together, from one read.
          const groups = new Map<EventStore, Projection[]>();
          for (const projection of picked) {
            const events = await eventsOf(projection.context);
            groups.set(events, [...(groups.get(events) ?? []), projection]);
          }
          const results: Rebuilt[] = [];
          for (const [events, projections] of groups)
            results.push(...(await rebuildGroup(ctx, { events, readModels, projections, chunkSize })));
          results.sort(
            (a, b) =>
              picked.findIndex((p) => p.name === a.projection) -
              picked.findIndex((p) => p.name === b.projection),
          );
          ctx.print({ rebuilt: results }, () => rebuiltTable(results));
        } finally {
          await close();
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

type Context = (typeof ANALYTICS_PROJECTION_LIST)[number]['context'];

interface Stores {
  /** The event store holding a context's streams: one file embedded, a schema per service distributed. */
  readonly eventsOf: (context: Context) => Promise<EventStore>;
  readonly readModels: ReadModelStore;
  readonly where: string;
  readonly close: () => Promise<void>;
}

async function openStores(opts: RebuildOptions): Promise<Stores> {
  if (opts.store === 'postgres') {
    const url = databaseUrlOf(opts);
    const schemas: Record<Context, string> = {
      execution: opts.eventsSchema,
      definition: opts.definitionSchema,
      ownership: opts.ownershipSchema,
    };
    const opened = new Map<Context, Promise<EventStore>>();
    const readModels = await openReadModelStore({ kind: 'postgres', url, schema: opts.schema });
    return {
      eventsOf: (context) => {
        let store = opened.get(context);
        if (!store) {
          store = openPostgresEventStore({ connectionString: url, schema: schemas[context] });
          opened.set(context, store);
        }
        return store;
      },
      readModels,
      where: `PostgreSQL schemas ${[...new Set(Object.values(schemas))].join(', ')} into schema ${opts.schema}`,
      close: async () => {
        await readModels.close();
        const stores = await Promise.allSettled(opened.values());
        for (const s of stores) if (s.status === 'fulfilled') await s.value.close();
      },
    };
  }
  const dataDir = resolve(opts.dataDir);
  const file = sqliteEventsFile(opts);
  const events = await openSqliteEventStore({ file });
  const readModels = await openReadModelStore({ kind: 'sqlite', file: analyticsSqliteFile(dataDir) });
  return {
    // Embedded: the four services share one store.
    eventsOf: async () => events,
    readModels,
    where: `${file} into ${analyticsSqliteFile(dataDir)}`,
    close: async () => {
      await readModels.close();
      await events.close();
    },
  };
}

type Projection = (typeof ANALYTICS_PROJECTION_LIST)[number];

async function rebuildGroup(
  ctx: CommandContext,
  options: Omit<Parameters<typeof rebuildProjections>[0], 'onProgress'>,
): Promise<Rebuilt[]> {
  const { io } = ctx;
  const names = options.projections.map((p) => p.name).join(', ');
  const started = io.now();
  const rate = (events: number) => Math.round(events / Math.max((io.now() - started) / 1000, 0.001));
  const line = (name: string, events: number) =>
    `${name}: ${events.toLocaleString('en')} events, ${rate(events).toLocaleString('en')} events/s`;
  let printed = started;
  const live = io.isTty && !ctx.json;
  const result = await rebuildProjections({
    ...{},
    ...options,
    onProgress: ({ events }) => {
      if (live) process.stderr.write(`\r\x1b[K${line(names, events)}`);
      else if (io.now() - printed >= 5_000) {
        printed = io.now();
        io.err(line(names, events));
      }
    },
  });
  if (live) process.stderr.write('\r\x1b[K');
  const took = duration(io.now() - started);
  const seconds = Math.round(io.now() - started) / 1000;
  return options.projections.map((projection) => {
    const events = result.events[projection.name] ?? 0;
    io.err(`${line(projection.name, events)}, done in ${took}`);
    return {
      projection: projection.name,
      events,
      seconds,
      eventsPerSecond: rate(events),
      checkpoint: result.position.toString(),
    };
  });
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
