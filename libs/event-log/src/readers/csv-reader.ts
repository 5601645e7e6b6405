import { CsvError, parse } from 'csv-parse';
import { Readable } from 'node:stream';
import { CaseBuilder, type FinishedCase } from '../domain/case-builder';
import { parseTimestamp } from '../domain/timestamps';
import { EventLogError } from '../errors';
import { resolveCsvColumns, type CsvColumns } from './csv-columns';
import type { ReadOptions } from './log-fields';

export interface CsvReadOptions extends ReadOptions {
  /** The field separator; detected from the header line (`,` `;` tab `|`) when unset. */
  readonly delimiter?: string | undefined;
  /**
   * The rows of each case are contiguous: a case is finished when the next one begins, so memory
   * holds one case. Otherwise every case stays open until the end of the file.
   */
  readonly casesContiguous?: boolean | undefined;
}

/** What a CSV reader found in the header. */
export interface CsvHeader {
  readonly delimiter: string;
  readonly header: readonly string[];
  readonly columns: CsvColumns;
}

/**
 * Streams a CSV log (header line first) and hands over each case: at the end of the file, since
 * a case's rows may be anywhere, or when the next case begins with `casesContiguous`. Memory grows
 * with the open cases' activity instances, not with the file.
 */
export async function readCsv(
  text: AsyncIterable<string>,
  onCase: (finished: FinishedCase) => void,
  options: CsvReadOptions = {},
  onHeader?: (header: CsvHeader) => void,
): Promise<void> {
  const { delimiter, rest } = await withDelimiter(text, options.delimiter);
  const parser = parse({
    delimiter,
    bom: true,
    relax_column_count: true,
    skip_empty_lines: true,
    trim: true,
  });
  const source = Readable.from(rest);
  source.on('error', (error) => parser.destroy(error));
  source.pipe(parser);
  const offset = options.defaultOffsetMinutes ?? 0;
  const open = new Map<string, CaseBuilder>();
  const done = new Set<string>();
  let current: CaseBuilder | undefined;
  let columns: CsvColumns | undefined;
  let record = 0;
  const invalid = (what: string) =>
    new EventLogError('EVENT_LOG.INVALID', `CSV record ${record} (the header is record 1): ${what}`);
  const time = (text: string | undefined, column: string) => {
    const ms = parseTimestamp(text ?? '', offset);
    if (Number.isNaN(ms)) throw invalid(`${column} "${text ?? ''}" is not an ISO 8601 date-time`);
    return ms;
  };
  try {
    for await (const row of parser as AsyncIterable<string[]>) {
      record++;
      if (columns === undefined) {
        columns = resolveCsvColumns(row, options.fields);
        onHeader?.({ delimiter, header: row, columns });
        continue;
      }
      const caseId = row[columns.case];
      const activity = row[columns.activity];
      if (!caseId) throw invalid('no case id');
      if (!activity) throw invalid('no activity');
      const startText = columns.startTimestamp === undefined ? undefined : row[columns.startTimestamp];
      let builder = current?.caseId === caseId ? current : open.get(caseId);
      if (builder === undefined) {
        if (options.casesContiguous) {
          if (done.has(caseId)) {
            throw new EventLogError(
              'EVENT_LOG.BAD_OPTIONS',
              `CSV record ${record}: case ${caseId} appears again after other cases; its rows are not contiguous (drop --cases-contiguous)`,
            );
          }
          if (current !== undefined) {
            done.add(current.caseId);
            open.delete(current.caseId);
            onCase(current.finish());
          }
        }
        builder = new CaseBuilder(caseId);
        open.set(caseId, builder);
      }
      current = builder;
      builder.add({
        activity,
        timeMs: time(row[columns.timestamp], 'timestamp'),
        lifecycle: columns.lifecycle === undefined ? undefined : row[columns.lifecycle],
        resource: cell(row, columns.resource),
        team: cell(row, columns.team),
        startMs: startText ? time(startText, 'start timestamp') : undefined,
        position: record - 2,
      });
    }
  } catch (error) {
    if (error instanceof EventLogError) throw error;
    if (error instanceof CsvError) {
      throw new EventLogError('EVENT_LOG.INVALID', `not a readable CSV file: ${(error as Error).message}`, {
        cause: error,
      });
    }
    throw error;
  }
  if (columns === undefined)
    throw new EventLogError('EVENT_LOG.INVALID', 'the CSV file is empty (no header)');
  for (const builder of open.values()) onCase(builder.finish());
}

function cell(row: readonly string[], index: number | undefined): string | undefined {
  if (index === undefined) return undefined;
  const value = row[index];
  return value === '' ? undefined : value;
}

const DELIMITERS = [',', ';', '\t', '|'];

/** Reads ahead to the end of the first line to pick the delimiter, then replays what it read. */
async function withDelimiter(
  text: AsyncIterable<string>,
  given: string | undefined,
): Promise<{ delimiter: string; rest: AsyncIterable<string> }> {
  if (given !== undefined) return { delimiter: given, rest: text };
  const iterator = text[Symbol.asyncIterator]();
  let head = '';
  let ended = false;
  while (!head.includes('\n')) {
    const next = await iterator.next();
    if (next.done) {
      ended = true;
      break;
    }
    head += next.value;
  }
  const line = head.split('\n', 1)[0] ?? '';
  const counts = DELIMITERS.map((d) => line.replace(/"[^"]*"/g, '').split(d).length - 1);
  const best = counts.indexOf(Math.max(...counts));
  async function* rest(): AsyncIterable<string> {
    if (head !== '') yield head;
    if (ended) return;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
  }
  return { delimiter: DELIMITERS[best] ?? ',', rest: rest() };
}
