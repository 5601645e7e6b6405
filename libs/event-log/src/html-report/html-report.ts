import type { LogSource } from '../analyze-log-file';
import type { LogReport } from '../domain/log-report';
import { bottleneckTable } from './bottleneck-table';
import { humanDuration as human } from './duration';
import { esc } from './escape';
import { heatScale, MAIN_SHARE, minorEdges, worstEdges, type EdgeMarks } from './heat';
import { mapLegend } from './map-legend';
import { percentileBars } from './percentile-bars';
import { processMapSvg } from './process-map-svg';
import { REPORT_CSS } from './report-style';

export interface HtmlReportInput {
  readonly source: Pick<LogSource, 'file' | 'format' | 'gzip'>;
  readonly report: LogReport;
}

export interface HtmlReportOptions {
  /** Who made the report, shown in its header and footer. */
  readonly tool?: string;
  /** How many edges to highlight as the worst by total time lost (default 3). */
  readonly worst?: number;
}

/**
 * One self-contained HTML page for an analysed log: summary, process map (inline SVG laid out
 * here, so the page runs no script), bottleneck table and percentile bars. It loads nothing (no
 * script, font, image or style sheet) and its Content-Security-Policy forbids it to. Every string
 * from the log is escaped. The same analysis always gives the same bytes.
 */
export function renderHtmlReport(
  { source, report }: HtmlReportInput,
  options: HtmlReportOptions = {},
): string {
  const tool = options.tool ?? 'Baton · baton analyze';
  const name = baseName(source.file);
  const marks: EdgeMarks = {
    scale: heatScale(report.handoffs.map((h) => h.p90Ms)),
    worst: worstEdges(report.handoffs, options.worst ?? 3),
    minor: minorEdges(report.handoffs),
  };
  const toggle =
    marks.minor.size === 0
      ? ''
      : `<input type="checkbox" id="main-only"><label for="main-only"> Main handoffs only: hide the ` +
        `${marks.minor.size} least frequent edges (the others carry ${Math.round(MAIN_SHARE * 100)} % of all handoffs)</label>`;
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="${esc(tool)}">
<title>${esc(`Process map · ${name}`)}</title>
<style>${REPORT_CSS}</style></head>
<body>
<header><h1>${esc(name)}</h1>
<p class="meta">${esc(source.file)} · ${source.format.toUpperCase()}${source.gzip ? ', gzip' : ''} · made by <span class="tool">${esc(tool)}</span></p>
${summary(report)}</header>
<section id="map"><h2>Process map</h2>${mapLegend(report, marks)}${toggle}
<div class="scroll">${processMapSvg(report, marks)}</div></section>
<section id="bottlenecks"><h2>Bottlenecks: handoffs by total time lost</h2>
<p class="hint">Time lost per handoff A → B: B.start − A.completion (0 when they overlap).</p>
${bottleneckTable(report.handoffs, marks)}</section>
<section id="percentiles"><h2>Handoff times per edge (log scale)</h2>
<p class="hint">Grey up to p50 (black tick), then p50–p90 in the edge’s colour, p90–p95 and p95–p99 lighter; the whisker ends at the max.</p>
${percentileBars(report.handoffs, marks)}</section>
<footer>Made by ${esc(tool)} from ${esc(name)} in directly-follows mode (the definitions process-mining tools use). This page is self-contained: it loads nothing.</footer>
</body></html>
`;
}

function summary(report: LogReport): string {
  const { log, cases } = report;
  const lost = report.handoffs.reduce((sum, h) => sum + h.totalMs, 0);
  const card = (value: string | number, label: string) =>
    `<li><b>${esc(value)}</b><span>${esc(label)}</span></li>`;
  const durations =
    cases.count > 0
      ? [
          card(human(cases.medianMs), 'case duration p50'),
          card(human(cases.meanMs), 'mean'),
          card(human(cases.p90Ms), 'p90'),
          card(human(cases.minMs), 'min'),
          card(human(cases.maxMs), 'max'),
        ]
      : [];
  const notes = [
    log.startsWithoutComplete > 0
      ? `${log.startsWithoutComplete} starts were never completed (ignored).`
      : '',
    log.otherTransitions > 0 ? `${log.otherTransitions} other lifecycle transitions were ignored.` : '',
    log.instances > 0 && report.steps.every((s) => s.withoutStart === s.count)
      ? 'The log has no start events: work times are 0 and handoffs run from completion to completion ' +
        '(they include the next step’s work).'
      : '',
  ].filter((n) => n !== '');
  return (
    `<ul class="cards" id="summary">${card(log.cases, 'cases')}${card(log.events, 'events')}` +
    `${card(report.steps.length, 'activities')}${card(report.handoffs.length, 'handoff edges')}` +
    `${durations.join('')}${card(human(lost), 'time lost in handoffs')}</ul>` +
    (notes.length > 0 ? `<ul class="notes">${notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>` : '')
  );
}

/** The file's name without its folders (either separator). */
function baseName(file: string): string {
  return file.split(/[\\/]/).pop() || file;
}
