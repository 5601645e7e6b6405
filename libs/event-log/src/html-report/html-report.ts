import type { LogSource } from '../analyze-log-file';
import type { LogReport } from '../domain/log-report';
import type { WaitAttribution } from '../domain/wait-attribution';
import { bottleneckTable } from './bottleneck-table';
import { humanDuration as human } from './duration';
import { esc } from './escape';
import { heatScale, MAIN_SHARE, minorEdges, worstEdges, type EdgeMarks } from './heat';
import { mapLegend } from './map-legend';
import { percentileBars } from './percentile-bars';
import { processMapSvg } from './process-map-svg';
import { REPORT_CSS } from './report-style';

export interface HtmlReportInput {
  readonly source: Pick<LogSource, 'file' | 'format' | 'gzip' | 'businessHours'>;
  /** In business time when `calendarTime` is given, else elapsed. */
  readonly report: LogReport;
  /** The same statistics in elapsed time: the page then switches between the two clocks. */
  readonly calendarTime?: LogReport | undefined;
  /** Each handoff edge's time inside and outside working hours. */
  readonly waitAttribution?: readonly WaitAttribution[] | undefined;
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
 * from the log is escaped. The same analysis always gives the same bytes. With both clocks, two
 * radio buttons switch between them (CSS only) and a table splits each edge's wait.
 */
export function renderHtmlReport(
  { source, report, calendarTime, waitAttribution }: HtmlReportInput,
  options: HtmlReportOptions = {},
): string {
  const tool = options.tool ?? 'Baton · baton analyze';
  const name = baseName(source.file);
  const worst = options.worst ?? 3;
  const head = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="${esc(tool)}">
<title>${esc(`Process map · ${name}`)}</title>
<style>${REPORT_CSS}</style></head>
<body>
<header><h1>${esc(name)}</h1>
<p class="meta">${esc(source.file)} · ${source.format.toUpperCase()}${source.gzip ? ', gzip' : ''} · made by <span class="tool">${esc(tool)}</span></p>`;
  const footer = `<footer>Made by ${esc(tool)} from ${esc(name)} in directly-follows mode (the definitions process-mining tools use). This page is self-contained: it loads nothing.</footer>
</body></html>
`;
  if (!calendarTime)
    return `${head}\n${summary(report)}</header>\n${clockView(report, worst, '')}\n${footer}`;
  const hours = source.businessHours?.calendar ?? 'working hours';
  return `${head}</header>
<input type="radio" name="clock" id="clock-business" class="clock-switch" checked><input type="radio" name="clock" id="clock-calendar" class="clock-switch">
<nav class="clocks"><label for="clock-business">Business time: ${esc(hours)}</label><label for="clock-calendar">Calendar time (elapsed)</label></nav>
<div class="view business"><section>${summary(report)}</section>
${clockView(report, worst, '')}</div>
<div class="view calendar"><section>${summary(calendarTime, '-calendar')}</section>
${clockView(calendarTime, worst, '-calendar')}</div>
${waitAttribution ? waitSection(waitAttribution) : ''}
${footer}`;
}

/** Map, bottlenecks and percentile bars of one clock; `suffix` keeps ids unique on the page. */
function clockView(report: LogReport, worst: number, suffix: string): string {
  const marks: EdgeMarks = {
    scale: heatScale(report.handoffs.map((h) => h.p90Ms)),
    worst: worstEdges(report.handoffs, worst),
    minor: minorEdges(report.handoffs),
  };
  const toggle =
    marks.minor.size === 0
      ? ''
      : `<input type="checkbox" id="main-only${suffix}" class="main-only"><label for="main-only${suffix}"> Main handoffs only: hide the ` +
        `${marks.minor.size} least frequent edges (the others carry ${Math.round(MAIN_SHARE * 100)} % of all handoffs)</label>`;
  return `<section id="map${suffix}"><h2>Process map</h2>${mapLegend(report, marks)}${toggle}
<div class="scroll">${processMapSvg(report, marks)}</div></section>
<section id="bottlenecks${suffix}"><h2>Bottlenecks: handoffs by total time lost</h2>
<p class="hint">Time lost per handoff A → B: B.start − A.completion (0 when they overlap).</p>
${bottleneckTable(report.handoffs, marks)}</section>
<section id="percentiles${suffix}"><h2>Handoff times per edge (log scale)</h2>
<p class="hint">Grey up to p50 (black tick), then p50–p90 in the edge’s colour, p90–p95 and p95–p99 lighter; the whisker ends at the max.</p>
${percentileBars(report.handoffs, marks)}</section>`;
}

/** Each edge's elapsed handoff time split into working hours and off-hours, most off-hours first. */
function waitSection(rows: readonly WaitAttribution[]): string {
  const body = rows
    .map(
      (w) =>
        `<tr data-row="${esc(`${w.from}→${w.to}`)}"><td>${esc(w.from)}</td><td>${esc(w.to)}</td>` +
        `<td class="n">${w.count}</td><td class="n">${esc(human(w.totalMs))}</td>` +
        `<td class="n">${esc(human(w.workingMs))}</td><td class="n">${esc(human(w.offHoursMs))}</td>` +
        `<td class="n"><span class="share" style="width:${Math.round(w.offHoursShare * 60)}px"></span>` +
        `${Math.round(w.offHoursShare * 100)} %</td></tr>`,
    )
    .join('');
  return `<section id="wait-attribution"><h2>Where handoff time falls: working hours or off-hours</h2>
<p class="hint">Elapsed time of each handoff edge, split into the part inside the working hours and the part outside them (nights, weekends, holidays). Mostly off-hours: a calendar effect. Mostly working time: the receiving side had the time and did not pick the work up.</p>
${
  rows.length === 0
    ? '<p class="empty">No handoffs.</p>'
    : `<table class="waits"><thead><tr><th>from</th><th>to</th><th class="n">count</th><th class="n">elapsed</th><th class="n">working hours</th><th class="n">off-hours</th><th class="n">off-hours share</th></tr></thead><tbody>${body}</tbody></table>`
}</section>`;
}

function summary(report: LogReport, suffix = ''): string {
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
    `<ul class="cards" id="summary${suffix}">${card(log.cases, 'cases')}${card(log.events, 'events')}` +
    `${card(report.steps.length, 'activities')}${card(report.handoffs.length, 'handoff edges')}` +
    `${durations.join('')}${card(human(lost), 'time lost in handoffs')}</ul>` +
    (notes.length > 0 ? `<ul class="notes">${notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>` : '')
  );
}

/** The file's name without its folders (either separator). */
function baseName(file: string): string {
  return file.split(/[\\/]/).pop() || file;
}
