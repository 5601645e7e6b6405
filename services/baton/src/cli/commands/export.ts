import {
  definitionRedactions,
  exportLog,
  instantFormat,
  parseTimestamp,
  type ExportFormat,
  type ExportResult,
} from '@baton/event-log';
import { openPostgresEventStore, openSqliteEventStore, type EventStore } from '@baton/eventstore';
import { Option, type Command } from 'commander';
import { action, type CliRun, type CommandContext } from '../context';
import { duration } from '../format';
import { nonNegativeInt } from '../input';
import { UsageError } from '../io';
import {
  databaseUrlOf,
  sqliteEventsFile,
  withEventStoreOptions,
  type EventStoreOptions,
} from './event-store-options';
import { EXPORT_HELP } from './export-help';
import { openLogOutput } from './export-output';

interface ExportOptions extends EventStoreOptions {
  definition: string;
  version?: string;
  since?: string;
  until?: string;
  format?: ExportFormat;
  out?: string;
  timeZone: string;
  definitionSchema: string;
}

export function exportCommand(program: Command, run: CliRun): Command {
  const { env } = run.deps;
  const command = program
    .command('export')
    .description(
      "Write one definition's instances as a standard event log for process-mining tools: XES " +
        '(IEEE 1849) or OCEL 2.0 JSON. Reads the event store itself (no server needed; a running ' +
        'Baton may keep running), one instance at a time',
    )
    .requiredOption('--definition <id>', 'the definition whose instances to export')
    .option('--version <n>', 'only instances started on this version')
    .option('--since <time>', 'only instances started at or after this ISO 8601 time (no offset: UTC)')
    .option('--until <time>', 'only instances started before this ISO 8601 time (no offset: UTC)')
    .addOption(
      new Option('--format <format>', 'xes or ocel (default: from the --out name)').choices(['xes', 'ocel']),
    )
    .option('--out <file>', 'write to this file (.gz: gzipped) instead of standard output')
    .option(
      '--time-zone <zone>',
      'write times in this zone: UTC, +02:00 or an IANA name like Europe/Paris',
      'UTC',
    );
  return withEventStoreOptions(command, env, 'baton.db')
    .option(
      '--definition-schema <schema>',
      "PostgreSQL schema of the definition service's events (which fields are sensitive)",
      'baton_definition',
    )
    .addHelpText('after', EXPORT_HELP)
    .action(
      action(run, async (ctx, opts: ExportOptions) => {
        const format = opts.format ?? formatOf(opts.out);
        const time = instantFormat(opts.timeZone);
        if (!time)
          throw new UsageError(`--time-zone ${opts.timeZone}: expected UTC, ±hh:mm or an IANA zone name`);
        const version = opts.version === undefined ? undefined : nonNegativeInt(opts.version, '--version');
        const since = instant(opts.since, '--since');
        const until = instant(opts.until, '--until');
        const { store, definitions, where } = await openStore(opts);
        try {
          const output = await openLogOutput(ctx.io, opts.out);
          const started = ctx.io.now();
          const result = await exportLog(store, output.stream, {
            definitionId: opts.definition,
            format,
            time,
            ...(version !== undefined ? { version } : {}),
            ...(since !== undefined ? { since } : {}),
            ...(until !== undefined ? { until } : {}),
            ...(ctx.globals.tenant ? { tenantId: ctx.globals.tenant } : {}),
            onProgress: progressLine(ctx, started),
            redactions: definitionRedactions(definitions),
          }).catch(async (error: unknown) => {
            await output.abandon();
            throw error;
          });
          await output.done();
          report(ctx, { format, where, out: opts.out, result, ms: ctx.io.now() - started });
        } finally {
          await store.close();
          if (definitions !== store) await definitions.close();
        }
      }),
    );
}

function formatOf(out: string | undefined): ExportFormat {
  const name = (out ?? '').toLowerCase().replace(/\.gz$/, '');
  if (name.endsWith('.xes') || name.endsWith('.xml')) return 'xes';
  if (name.endsWith('.json') || name.endsWith('.jsonocel')) return 'ocel';
  throw new UsageError('--format xes|ocel is needed (or an --out name ending in .xes or .json)');
}

function instant(raw: string | undefined, what: string): number | undefined {
  if (raw === undefined) return undefined;
  const ms = parseTimestamp(raw);
  if (Number.isNaN(ms))
    throw new UsageError(`${what} ${raw}: expected an ISO 8601 time, e.g. 2026-03-01T00:00:00+01:00`);
  return ms;
}

/**
 * The store of the instances and the one of the definitions (their sensitive fields): the same
 * embedded file, or the execution and definition services' PostgreSQL schemas.
 */
async function openStore(
  opts: ExportOptions,
): Promise<{ store: EventStore; definitions: EventStore; where: string }> {
  if (opts.store === 'postgres') {
    const connectionString = databaseUrlOf(opts);
    const store = await openPostgresEventStore({ connectionString, schema: opts.eventsSchema });
    const definitions =
      opts.definitionSchema === opts.eventsSchema
        ? store
        : await openPostgresEventStore({ connectionString, schema: opts.definitionSchema }).catch(
            async (error: unknown) => {
              await store.close();
              throw error;
            },
          );
    return { store, definitions, where: `PostgreSQL schema ${opts.eventsSchema}` };
  }
  const file = sqliteEventsFile(opts);
  const store = await openSqliteEventStore({ file });
  return { store, definitions: store, where: file };
}

function progressLine(ctx: CommandContext, started: number) {
  const live = ctx.io.isTty && !ctx.json;
  let printed = started;
  return ({ instances, events }: { instances: number; events: number }) => {
    const line = `exported ${instances.toLocaleString('en')} instances, ${events.toLocaleString('en')} events`;
    if (live) process.stderr.write(`\r\x1b[K${line}`);
    else if (ctx.io.now() - printed >= 5_000) {
      printed = ctx.io.now();
      ctx.io.err(line);
    }
  };
}

function report(
  ctx: CommandContext,
  r: { format: ExportFormat; where: string; out?: string; result: ExportResult; ms: number },
): void {
  const { instances, events, records, scanned, head, withoutDefinition } = r.result;
  const perSecond = Math.round(events / Math.max(r.ms / 1000, 0.001));
  const summary = {
    format: r.format,
    out: r.out ?? null,
    source: r.where,
    instances,
    events,
    records,
    scanned,
    withoutDefinition,
    snapshotPosition: head.toString(),
    seconds: Math.round(r.ms) / 1000,
    eventsPerSecond: perSecond,
  };
  if (ctx.io.isTty && !ctx.json) process.stderr.write('\r\x1b[K');
  const text =
    `exported ${instances.toLocaleString('en')} instances (${events.toLocaleString('en')} events, ` +
    `${records.toLocaleString('en')} ${r.format === 'xes' ? 'XES' : 'OCEL'} events) from ${r.where}` +
    `${r.out ? ` to ${r.out}` : ''} in ${duration(r.ms)} (${perSecond.toLocaleString('en')} events/s); ` +
    `snapshot at store position ${summary.snapshotPosition}` +
    (withoutDefinition > 0
      ? `; ${withoutDefinition.toLocaleString('en')} instances of definition versions not found ` +
        '(--definition-schema?): their data and business keys written as [redacted]'
      : '');
  // The log itself may be on standard output: the summary then goes to standard error.
  if (r.out) ctx.print(summary, () => text);
  else ctx.io.err(ctx.json ? JSON.stringify(summary) : text);
}
