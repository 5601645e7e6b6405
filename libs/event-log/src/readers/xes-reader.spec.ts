import { LogAnalysis } from '../domain/log-analysis';
import type { FinishedCase } from '../domain/case-builder';
import { EventLogError } from '../errors';
import { readXes } from './xes-reader';
import type { ReadOptions } from './log-fields';

async function* chunks(text: string, size: number): AsyncIterable<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

async function casesOf(xml: string, options?: ReadOptions, size = 7): Promise<FinishedCase[]> {
  const cases: FinishedCase[] = [];
  await readXes(chunks(xml, size), (c) => cases.push(c), options);
  return cases;
}

const event = (name: string, time: string, extra = '') =>
  `<event><string key="concept:name" value="${name}"/><date key="time:timestamp" value="${time}"/>${extra}</event>`;

const LOG = `<?xml version="1.0" encoding="UTF-8"?>
<log xes.version="1.0" xmlns="http://www.xes-standard.org">
  <global scope="event"><string key="concept:name" value="DEFAULT"/><date key="time:timestamp" value="1970-01-01T00:00:00Z"/></global>
  <string key="concept:name" value="the log's name, not a case"/>
  <trace>
    <string key="concept:name" value="case-1"/>
    ${event('Register &amp; check', '2024-03-31T01:30:00.000+01:00', '<string key="lifecycle:transition" value="start"/><string key="org:resource" value="ann"/>')}
    ${event('Register &amp; check', '2024-03-31T03:30:00.000+02:00', '<string key="lifecycle:transition" value="COMPLETE"/><string key="org:resource" value="bob"/><string key="org:group" value="sales"/>')}
    ${event('Approve', '2024-03-31T02:00:00Z', '<list key="notes"><values><string key="org:resource" value="nested, ignored"/></values></list>')}
  </trace>
  <trace>
    ${event('Approve', '2024-04-01T00:00:00Z')}
    <string key="concept:name" value="case-2"/>
  </trace>
</log>`;

describe('XES reader', () => {
  it('reads each trace as a case, its direct attributes with the standard keys, offsets honoured', async () => {
    const [one, two] = await casesOf(LOG);
    expect(one?.caseId).toBe('case-1');
    // 01:30+01:00 is 00:30Z and 03:30+02:00 is 01:30Z (the night clocks went forward): one hour.
    expect(one?.instances).toEqual([
      {
        activity: 'Register & check',
        startMs: Date.parse('2024-03-31T00:30:00Z'),
        completeMs: Date.parse('2024-03-31T01:30:00Z'),
        position: 1,
        resource: 'bob',
        team: 'sales',
        started: true,
      },
      {
        activity: 'Approve',
        startMs: Date.parse('2024-03-31T02:00:00Z'),
        completeMs: Date.parse('2024-03-31T02:00:00Z'),
        position: 2,
        resource: undefined,
        team: undefined,
        started: false,
      },
    ]);
    expect(two?.caseId).toBe('case-2');
    expect(two?.instances[0]?.position).toBe(3);
  });

  it('gives the same cases whatever the chunk size', async () => {
    const strip = (cs: FinishedCase[]) => JSON.stringify(cs);
    expect(strip(await casesOf(LOG, {}, 1))).toBe(strip(await casesOf(LOG, {}, 1 << 16)));
  });

  it('takes other attribute keys when told (e.g. a classifier key)', async () => {
    const xml = `<log><trace><string key="id" value="t1"/>${event('ignored', '2020-01-01T00:00:00Z', '<string key="Task" value="Pack"/><string key="who" value="ann"/>')}</trace></log>`;
    const [c] = await casesOf(xml, { fields: { case: 'id', activity: 'Task', resource: 'who' } });
    expect([c?.caseId, c?.instances[0]?.activity, c?.instances[0]?.resource]).toEqual(['t1', 'Pack', 'ann']);
  });

  it('reads timestamps without an offset at the default offset', async () => {
    const xml = `<log><trace>${event('A', '2020-01-01T10:00:00')}</trace></log>`;
    const [c] = await casesOf(xml, { defaultOffsetMinutes: 60 });
    expect(c?.instances[0]?.completeMs).toBe(Date.parse('2020-01-01T09:00:00Z'));
  });

  it('names the event when a value is missing or wrong', async () => {
    const noTime = `<log><trace><string key="concept:name" value="c7"/><event><string key="concept:name" value="A"/></event></trace></log>`;
    await expect(casesOf(noTime)).rejects.toThrow('XES event 1 (trace c7): no time:timestamp attribute');
    const badTime = `<log><trace>${event('A', '2020-01-01T10:00:00Z')}${event('B', 'yesterday')}</trace></log>`;
    await expect(casesOf(badTime)).rejects.toThrow(/XES event 2 .*"yesterday" is not an ISO 8601 date-time/);
  });

  it('refuses XML that is not well formed, and an event outside a trace', async () => {
    await expect(casesOf('<log><trace><event></trace></log>')).rejects.toBeInstanceOf(EventLogError);
    await expect(casesOf(`<log>${event('A', '2020-01-01T00:00:00Z')}</log>`)).rejects.toThrow(
      'an event outside any trace',
    );
  });

  it('folds into the same statistics as hand-made events', async () => {
    const analysis = new LogAnalysis();
    await readXes(chunks(LOG, 64), (c) => analysis.addCase(c));
    const report = analysis.report();
    expect(report.handoffs.map((h) => [h.from, h.to, h.totalMs])).toEqual([
      ['Register & check', 'Approve', 30 * 60_000],
    ]);
    expect(report.cases).toMatchObject({ count: 2, maxMs: 90 * 60_000, minMs: 0 });
  });

  it('hands each case over at its </trace>, holding one trace at a time', async () => {
    let yielded = 0;
    const finishedAt: number[] = [];
    async function* traces(): AsyncIterable<string> {
      yield '<log>';
      for (let t = 0; t < 1000; t++) {
        yielded++;
        yield `<trace><string key="concept:name" value="t${t}"/>${event('A', '2020-01-01T00:00:00Z')}</trace>`;
      }
      yield '</log>';
    }
    await readXes(traces(), () => finishedAt.push(yielded));
    expect(finishedAt).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1));
  });
});
