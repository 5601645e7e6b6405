import type { FinishedCase } from '../domain/case-builder';
import { LogAnalysis } from '../domain/log-analysis';
import { readXes } from '../readers/xes-reader';
import { instantFormat, type InstantFormat } from './instant-format';
import { stepEntries } from './lifecycle-mapping';
import { summarizeInstance, type HistoryEvent } from './instance-history';
import { history, sequentialVendor } from './test-support/history-builders';
import { escapeXml, XES_FOOTER, xesHeader, xesTrace } from './xes-document';

const utc = instantFormat('UTC') as InstantFormat;

function document(streams: readonly (readonly HistoryEvent[])[], time = utc): string {
  const traces = streams.map((events) => {
    const summary = summarizeInstance(events);
    if (!summary) throw new Error('no InstanceStarted');
    return xesTrace(summary, stepEntries(events), time);
  });
  return xesHeader({ definitionId: 'vendor' }, time) + traces.join('') + XES_FOOTER;
}

async function readBack(xml: string): Promise<FinishedCase[]> {
  const cases: FinishedCase[] = [];
  async function* chunks() {
    // Split inside tags and entities on purpose: the reader must not care.
    for (let i = 0; i < xml.length; i += 97) yield xml.slice(i, i + 97);
  }
  await readXes(chunks(), (c) => cases.push(c));
  return cases;
}

describe('escapeXml', () => {
  it('escapes markup and both quotes', () => {
    expect(escapeXml(`<a href="x">Tom & 'Jerry'</a>`)).toBe(
      '&lt;a href=&quot;x&quot;&gt;Tom &amp; &apos;Jerry&apos;&lt;/a&gt;',
    );
  });

  it('keeps tabs and line breaks as character references, so attribute normalisation keeps them', () => {
    expect(escapeXml('a\tb\nc\r\nd')).toBe('a&#9;b&#10;c&#13;&#10;d');
  });

  it('replaces what XML 1.0 cannot carry, and keeps surrogate pairs', () => {
    expect(escapeXml('bell\u0007 nul\u0000 \uFFFE')).toBe('bell\uFFFD nul\uFFFD \uFFFD');
    expect(escapeXml('café 🚀')).toBe('café 🚀');
    expect(escapeXml('lone \uD83D high, lone \uDE80 low')).toBe('lone \uFFFD high, lone \uFFFD low');
  });

  it('returns plain text as it is', () => {
    expect(escapeXml('review-contract#2')).toBe('review-contract#2');
  });
});

describe('XES document', () => {
  it('declares the standard extensions, globals for every trace and event, and classifiers', () => {
    const header = xesHeader({ definitionId: 'vendor', definitionVersion: 3 }, utc);
    expect(header).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n/);
    for (const prefix of ['concept', 'time', 'lifecycle', 'org']) {
      expect(header).toContain(`prefix="${prefix}" uri="http://www.xes-standard.org/${prefix}.xesext"`);
    }
    expect(header).toContain('<global scope="trace">');
    expect(header).toContain('<global scope="event">');
    expect(header).toContain('<classifier name="Activity" keys="concept:name"/>');
    expect(header).toContain(
      '<classifier name="Activity_Transition" keys="concept:name lifecycle:transition"/>',
    );
    expect(header).toContain('<string key="lifecycle:model" value="standard"/>');
    expect(header).toContain('<int key="definitionVersion" value="3"/>');
  });

  it('writes a trace per instance with its attributes, and events with the standard keys', () => {
    const xml = document([sequentialVendor().events]);
    expect(xml).toContain('<string key="concept:name" value="i-1"/>');
    expect(xml).toContain('<string key="outcome" value="completed"/>');
    expect(xml).toContain('<date key="endedAt" value="2026-03-02T16:00:00.000+00:00"/>');
    const complete = [
      '    <event>',
      '      <string key="concept:name" value="review"/>',
      '      <string key="concept:instance" value="review#1"/>',
      '      <string key="lifecycle:transition" value="complete"/>',
      '      <date key="time:timestamp" value="2026-03-02T16:00:00.000+00:00"/>',
      '      <string key="org:resource" value="lee"/>',
      '      <string key="org:group" value="legal"/>',
      '      <string key="eventType" value="StepCompleted"/>',
      '      <string key="eventId" value="i-1-e9"/>',
      '      <int key="attempt" value="1"/>',
      '      <string key="outcome" value="approved"/>',
      '    </event>',
    ];
    expect(xml).toContain(complete.join('\n'));
  });

  it('reads back through the XES importer with hostile names intact', async () => {
    const hostile = history('case "1" <&>', 'vendor')
      .started(0, "key 'quoted'\nnext line")
      .activated('review#1', 0, { team: 'R&D <core>' })
      .assigned('review#1', 0, 'Zoë "the boss" <z@x>')
      .stepStarted('review#1', 10)
      .completed('review#1', 25).events;
    const [read] = await readBack(document([hostile]));
    expect(read?.caseId).toBe('case "1" <&>');
    expect(read?.instances).toEqual([
      expect.objectContaining({
        activity: 'review',
        startMs: Date.UTC(2026, 2, 2, 9, 10),
        completeMs: Date.UTC(2026, 2, 2, 9, 25),
        resource: 'Zoë "the boss" <z@x>',
        team: 'R&D <core>',
      }),
    ]);
  });

  it('gives the importer the same times whatever the zone it was written in', async () => {
    const streams = [sequentialVendor('a').events, sequentialVendor('b').events];
    const reports = await Promise.all(
      ['UTC', 'America/New_York', '+13:45'].map(async (zone) => {
        const analysis = new LogAnalysis();
        for (const c of await readBack(document(streams, instantFormat(zone) as InstantFormat)))
          analysis.addCase(c);
        return analysis.report();
      }),
    );
    expect(reports[1]).toEqual(reports[0]);
    expect(reports[2]).toEqual(reports[0]);
    const edge = reports[0]?.handoffs.find((h) => h.from === 'collect' && h.to === 'review');
    expect(edge).toMatchObject({ count: 2, totalMs: 2 * 120 * 60_000 });
  });
});
