import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { analyzeLogFile } from './analyze-log-file';

const XES = `<log><trace><string key="concept:name" value="c1"/>
<event><string key="concept:name" value="A"/><date key="time:timestamp" value="2020-01-01T10:00:00+01:00"/></event>
<event><string key="concept:name" value="B"/><date key="time:timestamp" value="2020-01-01T10:30:00+01:00"/></event>
</trace></log>`;
const CSV = 'case,activity,timestamp\nc1,A,2020-01-01T09:00:00Z\nc1,B,2020-01-01T09:30:00Z\n';

describe('analyzeLogFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'baton-event-log-'));
  const file = (name: string, content: string | Buffer) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };

  it.each([
    // [file name, content, format, gzip]
    ['log.xes', XES, 'xes', false],
    ['log.xes.gz', gzipSync(XES), 'xes', true],
    ['log.csv', CSV, 'csv', false],
    ['log.csv.gz', gzipSync(CSV), 'csv', true],
    ['export.log', `\uFEFF  ${XES}`, 'xes', false],
    ['export.dat', gzipSync(CSV), 'csv', true],
  ] as const)('reads %s', async (name, content, format, gzip) => {
    const { source, report } = await analyzeLogFile(file(name, content));
    expect(source).toMatchObject({ format, gzip });
    expect(report.handoffs.map((h) => [h.from, h.to, h.totalMs])).toEqual([['A', 'B', 30 * 60_000]]);
  });

  it('names the CSV columns it used', async () => {
    const { source } = await analyzeLogFile(file('cols.csv', CSV));
    expect(source.csv).toEqual({
      delimiter: ',',
      columns: { case: 'case', activity: 'activity', timestamp: 'timestamp' },
    });
  });

  it('takes the format from the options over the name', async () => {
    const { source } = await analyzeLogFile(file('really-csv.xes', CSV), { format: 'csv' });
    expect(source.format).toBe('csv');
  });

  it('says when the file cannot be read', async () => {
    await expect(analyzeLogFile(join(dir, 'missing.xes'))).rejects.toThrow(/cannot read .*missing\.xes/);
  });

  it('refuses a corrupt gzip file', async () => {
    await expect(analyzeLogFile(file('broken.xes.gz', gzipSync(XES).subarray(0, 40)))).rejects.toThrow();
  });
});
