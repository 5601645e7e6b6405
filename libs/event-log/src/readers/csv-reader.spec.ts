import type { FinishedCase } from '../domain/case-builder';
import { EventLogError } from '../errors';
import { readCsv, type CsvHeader, type CsvReadOptions } from './csv-reader';

async function* chunks(text: string, size: number): AsyncIterable<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

async function read(csv: string, options?: CsvReadOptions, size = 5) {
  const cases: FinishedCase[] = [];
  let header: CsvHeader | undefined;
  await readCsv(
    chunks(csv, size),
    (c) => cases.push(c),
    options,
    (h) => (header = h),
  );
  return { cases, header };
}

const summary = (cases: FinishedCase[]) =>
  cases.map((c) => ({
    case: c.caseId,
    instances: c.instances.map(
      (i) => `${i.activity} ${i.startMs / 60_000}–${i.completeMs / 60_000} ${i.resource ?? '-'}`,
    ),
  }));

describe('CSV reader', () => {
  it('detects PM4Py-style headers and gathers scattered rows of a case until the end of the file', async () => {
    const csv = [
      'case:concept:name,concept:name,time:timestamp,lifecycle:transition,org:resource',
      'c1,A,1970-01-01T00:00:00Z,start,ann',
      'c2,A,1970-01-01T00:01:00Z,complete,bob',
      'c1,A,1970-01-01T00:05:00Z,complete,ann',
      'c1,B,1970-01-01T00:07:00Z,,cid',
    ].join('\n');
    const { cases, header } = await read(csv);
    expect(summary(cases)).toEqual([
      { case: 'c1', instances: ['A 0–5 ann', 'B 7–7 cid'] },
      { case: 'c2', instances: ['A 1–1 bob'] },
    ]);
    expect(header?.columns).toEqual({ case: 0, activity: 1, timestamp: 2, lifecycle: 3, resource: 4 });
  });

  it('maps configured column names, a start-timestamp column and a team column', async () => {
    const csv = [
      'Ticket;Step;Done at;Began at;Agent;Desk;Note',
      'T-1;Triage;2024-05-01 10:30:00+02:00;2024-05-01 10:00:00+02:00;ann;L1;"a; b"',
      'T-1;Fix;2024-05-01 12:00:00+02:00;2024-05-01 11:00:00+02:00;bob;L2;',
      'T-1;Close;2024-05-01 12:10:00+02:00;;bob;L2;x',
    ].join('\r\n');
    const { cases, header } = await read(csv, {
      fields: {
        case: 'Ticket',
        activity: 'step',
        timestamp: 'Done at',
        startTimestamp: 'Began at',
        resource: 'Agent',
        team: 'desk',
      },
    });
    expect(header?.delimiter).toBe(';');
    const base = Date.parse('2024-05-01T08:00:00Z') / 60_000;
    expect(
      cases[0]?.instances.map((i) => [
        i.activity,
        i.startMs / 60_000 - base,
        i.completeMs / 60_000 - base,
        i.team,
      ]),
    ).toEqual([
      ['Triage', 0, 30, 'L1'],
      ['Fix', 60, 120, 'L2'],
      ['Close', 130, 130, 'L2'],
    ]);
  });

  it('recognises common plain headers, quoted fields and a tab delimiter', async () => {
    const csv =
      'Case ID\tActivity\tComplete Timestamp\tResource\n"1"\t"Check, then ship"\t2020-01-01 00:00:00\t\n';
    const { cases, header } = await read(csv);
    expect(header?.delimiter).toBe('\t');
    expect(cases[0]?.instances[0]).toMatchObject({ activity: 'Check, then ship', resource: undefined });
  });

  it('says which columns it could not find and which options name them', async () => {
    await expect(read('id,what,when\n1,A,2020-01-01')).rejects.toThrow(
      'cannot tell which column holds the case id, activity, timestamp in the header ("id", "what", "when"); name it with --case <column>, --activity <column>, --timestamp <column>',
    );
    await expect(read('case,activity,timestamp\n', { fields: { resource: 'who' } })).rejects.toMatchObject({
      code: 'EVENT_LOG.COLUMN_NOT_FOUND',
      message: 'no column "who" for the resource in the header ("case", "activity", "timestamp")',
    });
  });

  it('names the record of a bad timestamp or a missing value', async () => {
    await expect(read('case,activity,timestamp\n1,A,2020-01-01\n1,B,30/12/2010')).rejects.toThrow(
      'CSV record 3 (the header is record 1): timestamp "30/12/2010" is not an ISO 8601 date-time',
    );
    await expect(read('case,activity,timestamp\n1,,2020-01-01')).rejects.toThrow(
      'CSV record 2 (the header is record 1): no activity',
    );
  });

  it('refuses an empty file and broken quoting', async () => {
    await expect(read('')).rejects.toThrow('the CSV file is empty');
    await expect(read('case,activity,timestamp\n1,"A,2020-01-01\n')).rejects.toBeInstanceOf(EventLogError);
  });

  describe('with contiguous cases', () => {
    const csv =
      'case,activity,timestamp\nc1,A,1970-01-01T00:00Z\nc1,B,1970-01-01T00:02Z\nc2,A,1970-01-01T00:03Z\n';

    it('finishes each case when the next begins, long before the end of the file', async () => {
      const lines = ['case,activity,timestamp\n'];
      for (let c = 0; c < 5000; c++) lines.push(`c${c},A,1970-01-01T00:00Z\n`, `c${c},B,1970-01-01T00:02Z\n`);
      let yielded = 0;
      const finishedAt: number[] = [];
      await readCsv(
        (async function* () {
          for (const line of lines) {
            yielded++;
            yield line;
          }
        })(),
        (c) => {
          expect(c.instances.map((i) => i.activity)).toEqual(['A', 'B']);
          finishedAt.push(yielded);
        },
        { casesContiguous: true },
      );
      expect(finishedAt).toHaveLength(5000);
      expect(finishedAt[0]).toBeLessThan(lines.length / 2);
    });

    it('refuses a case that comes back', async () => {
      await expect(read(`${csv}c1,C,1970-01-01T00:09Z\n`, { casesContiguous: true })).rejects.toMatchObject({
        code: 'EVENT_LOG.BAD_OPTIONS',
      });
    });
  });
});
