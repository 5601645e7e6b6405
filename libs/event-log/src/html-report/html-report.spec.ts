import { analyse } from '../domain/test-support/log-builders';
import { renderHtmlReport } from './html-report';

const HOSTILE = '<script>alert(1)</script>';
const QUOTES = `Tom & "Jerry's" <em>`;

/** The decoded values of an attribute, in document order. */
function attributeValues(html: string, name: string): string[] {
  const values = [...html.matchAll(new RegExp(`\\s${name}="([^"]*)"`, 'g'))].map((m) => m[1] as string);
  return values.map((v) =>
    v.replace(
      /&(lt|gt|quot|#39|amp);/g,
      (_, e: string) => ({ lt: '<', gt: '>', quot: '"', '#39': "'", amp: '&' })[e] as string,
    ),
  );
}

describe('HTML report', () => {
  // Three cases: hostile → quotes → Ship (twice), and hostile → Ship.
  const report = analyse(
    [
      [HOSTILE, 0, undefined, '<img src=x onerror=alert(2)>'],
      [QUOTES, 30, undefined, `"bob"`],
      ['Ship', 90],
    ],
    [
      [HOSTILE, 0],
      [QUOTES, 10],
      ['Ship', 20],
    ],
    [
      [HOSTILE, 0],
      ['Ship', 600],
    ],
  );
  const html = renderHtmlReport({
    source: { file: `/logs/<evil> "x".xes`, format: 'xes', gzip: false },
    report,
  });

  describe('when names from the log contain markup and quotes', () => {
    it('escapes them everywhere: no tag or attribute of the log reaches the page', () => {
      expect(html).not.toMatch(/<script/i);
      expect(html).not.toMatch(/<img/i);
      expect(html).not.toMatch(/<em>/);
      expect(html).not.toMatch(/<evil>/);
      expect(html).toContain('data-node="&lt;script&gt;alert(1)&lt;/script&gt;"');
      expect(html).toContain('data-node="Tom &amp; &quot;Jerry&#39;s&quot; &lt;em&gt;"');
      expect(html).toContain('&lt;evil&gt; &quot;x&quot;.xes');
    });

    it('keeps the exact names in the attributes a reader or a test queries', () => {
      expect(new Set(attributeValues(html, 'data-node'))).toEqual(new Set([HOSTILE, QUOTES, 'Ship']));
      expect(new Set(attributeValues(html, 'data-edge'))).toEqual(
        new Set([`${HOSTILE}→${QUOTES}`, `${QUOTES}→Ship`, `${HOSTILE}→Ship`]),
      );
      expect(attributeValues(html, 'data-from')).toContain(HOSTILE);
    });
  });

  it('draws one node per activity and one edge and one label per directly-follows pair', () => {
    expect(attributeValues(html, 'data-node')).toHaveLength(report.steps.length);
    expect(attributeValues(html, 'data-edge')).toHaveLength(report.handoffs.length);
    expect(attributeValues(html, 'data-label')).toHaveLength(report.handoffs.length);
    // QUOTES → Ship: 60 and 10 minutes.
    const label = html.match(
      /data-label="Tom &amp; &quot;Jerry&#39;s&quot; &lt;em&gt;→Ship">.*?<text[^>]*>([^<]*)</,
    );
    expect(label?.[1]).toBe('#2 · 2× · p50 35.0 min · p90 55.0 min');
  });

  it('loads nothing: no URL, no script, and a policy that forbids loading', () => {
    expect(html).not.toMatch(/https?:/i);
    expect(html).not.toMatch(/\s(src|href|xlink:href|action|srcset)=/i);
    expect(html).not.toMatch(/@import|@font-face/i);
    expect([...html.matchAll(/url\(([^)]*)\)/g)].map((m) => m[1])).toEqual(
      expect.arrayContaining([expect.stringMatching(/^#arrow-h\d$/)]),
    );
    expect(html).not.toMatch(/url\((?!#)/);
    expect(html).toContain(
      `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    );
  });

  it('shows the tool, the file name, and the case summary', () => {
    const page = renderHtmlReport(
      { source: { file: 'C:\\exports\\orders.xes.gz', format: 'xes', gzip: true }, report },
      { tool: 'Baton test' },
    );
    expect(page).toContain('<title>Process map · orders.xes.gz</title>');
    expect(page).toContain('XES, gzip · made by <span class="tool">Baton test</span>');
    // Cases of 90, 20 and 600 minutes.
    expect(page).toContain('<li><b>3</b><span>cases</span></li>');
    expect(page).toContain('<li><b>90.0 min</b><span>case duration p50</span></li>');
    expect(page).toContain('<li><b>10.0 h</b><span>max</span></li>');
    expect(page).toContain('The log has no start events');
  });

  it('ranks the bottleneck table by total time lost and highlights the worst rows', () => {
    const rows = attributeValues(html, 'data-row');
    expect(rows).toEqual([`${HOSTILE}→Ship`, `${QUOTES}→Ship`, `${HOSTILE}→${QUOTES}`]);
    expect(html).toMatch(
      /<tr data-row="&lt;script&gt;alert\(1\)&lt;\/script&gt;→Ship" class="worst" data-worst="1">/,
    );
    expect(html).toMatch(/<td class="n">10\.0 h<\/td><td class="n">[\d.]+ %<\/td>/);
  });

  it('gives the same bytes for the same analysis', () => {
    const again = renderHtmlReport({
      source: { file: `/logs/<evil> "x".xes`, format: 'xes', gzip: false },
      report,
    });
    expect(again).toBe(html);
  });

  it('renders a log without handoffs or cases', () => {
    const empty = renderHtmlReport({
      source: { file: 'empty.xes', format: 'xes', gzip: false },
      report: analyse(),
    });
    expect(empty).toContain('No handoffs');
    expect(attributeValues(empty, 'data-node')).toEqual([]);
    const single = renderHtmlReport({
      source: { file: 'one.xes', format: 'xes', gzip: false },
      report: analyse([
        ['A', 0, 'start'],
        ['A', 5],
      ]),
    });
    expect(attributeValues(single, 'data-node')).toEqual(['A']);
    expect(single).toContain('work p50 5.0 min');
  });

  it('switches between business and calendar time without a script, and splits each wait', () => {
    const both = renderHtmlReport({
      source: {
        file: 'two-clocks.xes',
        format: 'xes',
        gzip: false,
        businessHours: { calendar: 'Monday–Friday 07:00–17:00 UTC', timeZone: 'UTC' },
      },
      report,
      calendarTime: report,
      waitAttribution: [
        {
          from: HOSTILE,
          to: 'Ship',
          count: 1,
          totalMs: 600,
          workingMs: 150,
          offHoursMs: 450,
          offHoursShare: 0.75,
        },
      ],
    });
    expect(both).not.toContain('<script');
    expect(both).toContain(
      '<input type="radio" name="clock" id="clock-business" class="clock-switch" checked>',
    );
    expect(both).toContain('Business time: Monday–Friday 07:00–17:00 UTC');
    expect(both.match(/<div class="view (business|calendar)">/g)).toEqual([
      '<div class="view business">',
      '<div class="view calendar">',
    ]);
    // Ids stay unique although both views have a map, bottlenecks and percentiles.
    const ids = attributeValues(both, 'id').filter((id) => !id.startsWith('arrow'));
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    expect(ids).toEqual(
      expect.arrayContaining(['map', 'map-calendar', 'bottlenecks-calendar', 'wait-attribution']),
    );
    expect(both).toMatch(
      /<tr data-row="&lt;script&gt;alert\(1\)&lt;\/script&gt;→Ship">.*450 ms.*75 %<\/td><\/tr>/,
    );
  });
});
