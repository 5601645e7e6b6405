import {
  analyzeLogFile,
  EventLogError,
  offsetMinutes,
  renderHtmlReport,
  type LogFileAnalysis,
  type LogFormat,
} from '@baton/event-log';
import { calendar, ValidationError } from '@baton/domain';
import { Option, type Command } from 'commander';
import { constants } from 'node:fs';
import { access, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { action, type CliRun, type CommandContext } from '../context';
import { nonNegativeInt } from '../input';
import { UsageError } from '../io';
import { analysisText } from './analyze-report';

interface AnalyzeOptions {
  format?: LogFormat;
  case?: string;
  activity?: string;
  timestamp?: string;
  startTimestamp?: string;
  lifecycle?: string;
  resource?: string;
  team?: string;
  delimiter?: string;
  defaultOffset: string;
  casesContiguous?: boolean;
  top: string;
  html?: string;
  businessHours?: boolean | string;
  timeZone?: string;
  holidays?: string;
}

/** `--business-hours [HH:MM-HH:MM]` with `--time-zone`: Monday–Friday in that zone (07:00–17:00 UTC by default). */
function businessHoursOf(opts: AnalyzeOptions): calendar.BusinessCalendar | undefined {
  if (opts.businessHours === undefined || opts.businessHours === false) {
    if (opts.timeZone !== undefined) throw new UsageError('--time-zone needs --business-hours');
    if (opts.holidays !== undefined) throw new UsageError('--holidays needs --business-hours');
    return undefined;
  }
  const hours = typeof opts.businessHours === 'string' ? opts.businessHours : '07:00-17:00';
  const match = /^(\d{2}:\d{2})-(\d{2}:\d{2})$/.exec(hours);
  if (!match) throw new UsageError(`--business-hours takes HH:MM-HH:MM, e.g. 09:00-17:00, not "${hours}"`);
  const timeZone = opts.timeZone ?? 'UTC';
  const holidays = (opts.holidays ?? '')
    .split(',')
    .map((d) => d.trim())
    .filter((d) => d !== '');
  const id = `Monday–Friday ${match[1]}–${match[2]} ${timeZone}`;
  try {
    const week = calendar.weekdaysCalendar(id, {
      timeZone,
      from: match[1] as string,
      to: match[2] as string,
    });
    return holidays.length === 0
      ? week
      : calendar.requireValidCalendar({ ...{}, ...week, id: `${id}, ${holidays.length} holidays`, holidays });
  } catch (error) {
    if (error instanceof ValidationError)
      throw new UsageError(
        `--business-hours/--time-zone/--holidays: ${error.violations.map((v) => v.description).join('; ')}`,
      );
    throw error;
  }
}

export function analyzeCommand(program: Command, run: CliRun): Command {
  return program
    .command('analyze')
    .description(
      'Handoff, step and case times of an event log exported by another system (XES or CSV), ' +
        'computed locally with the definitions process-mining tools use: no server needed',
    )
    .argument('<file>', 'the log: .xes or .csv, optionally gzipped (.xes.gz, .csv.gz)')
    .addOption(
      new Option('--format <format>', 'read the file as this format (default: from its name)').choices([
        'xes',
        'csv',
      ]),
    )
    .option('--case <column>', 'CSV column of the case id (XES: trace attribute key, default concept:name)')
    .option('--activity <column>', 'column of the activity (XES key, default concept:name)')
    .option(
      '--timestamp <column>',
      'column of the event time, or completion time (XES key, default time:timestamp)',
    )
    .option(
      '--start-timestamp <column>',
      "CSV column of a row's start time: each row is then a whole activity instance",
    )
    .option(
      '--lifecycle <column>',
      'column of the transition, start/complete/… (XES key, default lifecycle:transition)',
    )
    .option('--resource <column>', 'column of who did it (XES key, default org:resource)')
    .option('--team <column>', 'column of the team (XES key, default org:group)')
    .option('--delimiter <char>', 'CSV field separator (default: detected from the header: , ; tab |)')
    .option('--default-offset <offset>', 'UTC offset of timestamps written without one, e.g. +01:00', 'Z')
    .option(
      '--cases-contiguous',
      "CSV: each case's rows are together, so a case is finished when the next begins (memory: one case)",
    )
    .option(
      '--business-hours [HH:MM-HH:MM]',
      'measure every duration in working time, Monday–Friday (default 07:00-17:00, as process-mining tools do)',
    )
    .option('--time-zone <zone>', 'with --business-hours: the IANA zone of those hours (default UTC)')
    .option(
      '--holidays <dates>',
      'with --business-hours: local dates without working time, comma-separated (2024-12-25,2024-12-26)',
    )
    .option('--top <n>', 'rows per table in the text output (0: all)', '15')
    .option(
      '--html <file>',
      'also write a self-contained HTML report to <file>: process map, bottlenecks, percentile bars',
    )
    .addHelpText('after', HELP)
    .action(
      action(run, async (ctx, file: string, opts: AnalyzeOptions) => {
        const top = nonNegativeInt(opts.top, '--top');
        const offset = offsetMinutes(opts.defaultOffset);
        if (Number.isNaN(offset)) throw new UsageError('--default-offset must be Z or ±hh:mm, e.g. +01:00');
        if (opts.delimiter !== undefined && opts.delimiter.length !== 1) {
          throw new UsageError('--delimiter must be one character');
        }
        if (opts.html !== undefined) await checkWritable(opts.html);
        const businessHours = businessHoursOf(opts);
        const analysis = await analyzeLogFile(file, {
          format: opts.format,
          fields: {
            case: opts.case,
            activity: opts.activity,
            timestamp: opts.timestamp,
            startTimestamp: opts.startTimestamp,
            lifecycle: opts.lifecycle,
            resource: opts.resource,
            team: opts.team,
          },
          delimiter: opts.delimiter,
          defaultOffsetMinutes: offset,
          casesContiguous: opts.casesContiguous,
          businessHours,
        }).catch((error: unknown) => {
          if (error instanceof EventLogError && error.code !== 'EVENT_LOG.INVALID') {
            throw new UsageError(error.message);
          }
          throw error;
        });
        ctx.print(analysisJson(analysis), () => analysisText(analysis, top));
        if (opts.html !== undefined) await writeHtml(ctx, opts.html, analysis);
      }),
    );
}

/**
 * `--json`: the report's public fields; with --business-hours also the same statistics in elapsed
 * time (`calendarTime`, without the log counts it shares) and each edge's wait attribution.
 */
function analysisJson({ source, report, calendarTime, waitAttribution }: LogFileAnalysis) {
  if (!calendarTime) return { source, ...report };
  const { log: _shared, ...elapsed } = calendarTime;
  return { source, ...report, calendarTime: elapsed, waitAttribution };
}

/** Fails before reading a large log when the report could not be written anyway. */
async function checkWritable(file: string): Promise<void> {
  if (file === '') throw new UsageError('--html needs a file name, e.g. --html report.html');
  try {
    await access(dirname(file), constants.W_OK);
  } catch {
    throw new UsageError(`--html: the folder ${dirname(file)} does not exist or cannot be written`);
  }
}

async function writeHtml(ctx: CommandContext, file: string, analysis: LogFileAnalysis): Promise<void> {
  const html = renderHtmlReport(analysis, { tool: 'Baton · baton analyze' });
  try {
    await writeFile(file, html, 'utf8');
  } catch (error) {
    throw new Error(`cannot write the HTML report to ${file}: ${(error as Error).message}`, { cause: error });
  }
  if (!ctx.json) ctx.io.out(`\nHTML report: ${file} (${Math.ceil(Buffer.byteLength(html) / 1024)} KB)`);
}

const HELP = `
How the numbers are computed ("directly-follows mode", as process-mining tools do):
  - per case, a start opens an instance of its activity and a complete closes the oldest open one
    (a complete without a start is an instance of no duration); other transitions are ignored;
  - instances are ordered by start, completion, position in the file (UTC instants);
  - each consecutive pair A, B is a handoff A→B of max(0, B.start − A.completion), self-loops
    included; a handover when both resources are known and differ;
  - step work time = completion − start; case duration = last event − first event;
  - statistics are exact: mean, median, min, max, total, sample stdev, p90/p95/p99 (linear).
Timestamps are ISO 8601 (2024-05-01T10:00:00.000+02:00; a space for T and no seconds are fine);
offsets are honoured and one written without an offset is read at --default-offset.
CSV columns are detected from common headers (case:concept:name, Case ID, Activity, Timestamp,
Start Timestamp, lifecycle:transition, Resource, org:group, …) unless named by the options above.
A CSV case's rows may be anywhere in the file, so all cases stay open until its end unless
--cases-contiguous; XES holds one trace at a time.

--html writes one HTML file that needs no network: the process map (activities as nodes, handoffs
as edges coloured by p90 and labelled with count, p50 and p90; the 3 edges that lost the most time
outlined), the bottleneck table and percentile bars (p50, p90, p95, p99, max on a log scale).
Every name from the log is escaped; the page runs no script and loads nothing.

--business-hours counts only working time, Monday–Friday between the given hours in --time-zone
(07:00-17:00 UTC by default, the weekly calendar process-mining tools use for business hours).
Unlike those tools, the hours are wall-clock in an IANA zone, so daylight-saving changes move them
with the clocks, and --holidays takes local dates without working time. The elapsed figures come
along (JSON: calendarTime; HTML: a switch between the two clocks), and each handoff edge's wait
is split into working-hours and off-hours time (JSON: waitAttribution), so a staffing problem can
be told from a calendar effect (work handed over on Friday evening).

Examples:
  npx baton analyze ../shared/event-logs/running-example.xes
  npx baton analyze export.xes.gz --json > stats.json
  npx baton analyze export.xes.gz --html report.html      # then open report.html in a browser
  npx baton analyze export.xes --business-hours 09:00-17:30 --time-zone Europe/Paris \\
      --holidays 2024-12-25,2024-12-26 --html report.html
  npx baton analyze tickets.csv --case "Ticket" --activity "Step" --timestamp "Done at" \\
      --start-timestamp "Began at" --resource "Agent" --default-offset +01:00`;
