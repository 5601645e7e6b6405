import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { calendar as cal } from '@baton/domain';
import type { FinishedCase } from './domain/case-builder';
import { LogAnalysis } from './domain/log-analysis';
import type { LogReport } from './domain/log-report';
import { waitAttribution, type WaitAttribution } from './domain/wait-attribution';
import { EventLogError } from './errors';
import { readCsv, type CsvHeader, type CsvReadOptions } from './readers/csv-reader';
import { readXes } from './readers/xes-reader';

export type LogFormat = 'xes' | 'csv';

export interface AnalyzeLogOptions extends CsvReadOptions {
  /** Detected from the file name (`.xes`, `.csv`, `.tsv`, each optionally `.gz`), else from its first character. */
  readonly format?: LogFormat | undefined;
  /**
   * Measure every duration in this calendar's working time instead of elapsed time; the elapsed
   * figures come along (`calendarTime`), and each handoff edge's wait split in two.
   */
  readonly businessHours?: cal.BusinessCalendar | undefined;
}

/** Where the numbers came from: the file, its format and, for CSV, the columns used. */
export interface LogSource {
  readonly file: string;
  readonly format: LogFormat;
  readonly gzip: boolean;
  readonly csv?: { readonly delimiter: string; readonly columns: Readonly<Record<string, string>> };
  /** Set when durations are business hours: the calendar's id and zone. */
  readonly businessHours?: { readonly calendar: string; readonly timeZone: string };
}

export interface LogFileAnalysis {
  readonly source: LogSource;
  /** In business time with `businessHours`, else in elapsed (calendar) time. */
  readonly report: LogReport;
  /** With `businessHours`: the same statistics in elapsed time. */
  readonly calendarTime?: LogReport;
  /** With `businessHours`: each handoff edge's time inside and outside working hours. */
  readonly waitAttribution?: readonly WaitAttribution[];
}

/** Reads a `.xes`, `.xes.gz`, `.csv` or `.csv.gz` log as a stream and computes its statistics. */
export async function analyzeLogFile(
  file: string,
  options: AnalyzeLogOptions = {},
): Promise<LogFileAnalysis> {
  const { gzip, firstChar } = await sniff(file);
  const format = options.format ?? formatOf(file, firstChar);
  const text = openText(file, gzip);
  const calendar = options.businessHours;
  const analysis = new LogAnalysis(
    calendar ? (fromMs, toMs) => cal.businessDuration(calendar, fromMs, toMs) : undefined,
  );
  // With a calendar, the elapsed figures too: both clocks from one pass over the file.
  const elapsed = calendar ? new LogAnalysis() : undefined;
  const addCase = (finished: FinishedCase) => {
    analysis.addCase(finished);
    elapsed?.addCase(finished);
  };
  let header: CsvHeader | undefined;
  try {
    if (format === 'xes') await readXes(text, addCase, options);
    else await readCsv(text, addCase, options, (h) => (header = h));
  } finally {
    text.destroy();
  }
  const csv = header && { delimiter: header.delimiter, columns: columnNames(header) };
  const businessHours = calendar && { calendar: calendar.id, timeZone: calendar.timeZone };
  const report = analysis.report();
  const calendarTime = elapsed?.report();
  return {
    source: { file, format, gzip, ...(csv ? { csv } : {}), ...(businessHours ? { businessHours } : {}) },
    report,
    ...(calendarTime ? { calendarTime, waitAttribution: waitAttribution(calendarTime, report) } : {}),
  };
}

function columnNames(h: CsvHeader): Record<string, string> {
  return Object.fromEntries(
    Object.entries(h.columns).map(([field, i]) => [field, h.header[i as number] ?? '']),
  );
}

function formatOf(file: string, firstChar: string): LogFormat {
  const name = file.toLowerCase().replace(/\.gz$/, '');
  if (name.endsWith('.xes') || name.endsWith('.xml')) return 'xes';
  if (name.endsWith('.csv') || name.endsWith('.tsv') || name.endsWith('.txt')) return 'csv';
  return firstChar === '<' ? 'xes' : 'csv';
}

/** Gzip is recognised by its magic bytes, not by the name. */
async function sniff(file: string): Promise<{ gzip: boolean; firstChar: string }> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    throw new EventLogError('EVENT_LOG.INVALID', `cannot read ${file}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(256), 0, 256, 0);
    const gzip = bytesRead >= 2 && buffer[0] === 0x1f && buffer[1] === 0x8b;
    const text = buffer
      .subarray(0, bytesRead)
      .toString('utf8')
      .replace(/^\uFEFF/, '')
      .trimStart();
    return { gzip, firstChar: text.charAt(0) };
  } finally {
    await handle.close();
  }
}

/** The file's text as a stream of UTF-8 chunks, gunzipped on the fly when it is gzip. */
export function openText(file: string, gzip: boolean): Readable {
  const raw = createReadStream(file, { highWaterMark: 256 * 1024 });
  if (!gzip) return raw.setEncoding('utf8');
  const gunzip = createGunzip();
  raw.on('error', (error) => gunzip.destroy(error));
  gunzip.on('close', () => raw.destroy());
  return raw.pipe(gunzip).setEncoding('utf8');
}
