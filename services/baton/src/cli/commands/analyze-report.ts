import { humanDuration as span, type LogFileAnalysis, type LogReport } from '@baton/event-log';
import { table } from '../format';

/** A duration for people: ms, s, min, h or d with one decimal. */
export { span };

/** The text form of `baton analyze`: a summary, then the biggest handoffs, steps and handovers. */
export function analysisText(
  { source, report, calendarTime, waitAttribution }: LogFileAnalysis,
  top: number,
): string {
  const { log, cases } = report;
  const notes = [
    log.startsWithoutComplete > 0 ? `${log.startsWithoutComplete} starts never completed (ignored)` : '',
    log.otherTransitions > 0 ? `${log.otherTransitions} other transitions (ignored)` : '',
    log.instances > 0 && report.steps.every((s) => s.withoutStart === s.count)
      ? 'no start events: work times are 0 and handoffs run from completion to completion'
      : '',
  ].filter((n) => n !== '');
  const columns = source.csv
    ? `\ncolumns: ${Object.entries(source.csv.columns)
        .map(([field, name]) => `${field}=${JSON.stringify(name)}`)
        .join(' ')}`
    : '';
  const lines = [
    `${source.file} (${source.format.toUpperCase()}${source.gzip ? ', gzip' : ''}): ${log.events} events, ` +
      `${log.cases} cases, ${log.instances} activity instances${columns}`,
    ...(source.businessHours ? [`durations: business hours only (${source.businessHours.calendar})`] : []),
    ...notes.map((n) => `note: ${n}`),
    cases.count > 0
      ? `case duration: median ${span(cases.medianMs)}, p90 ${span(cases.p90Ms)}, max ${span(cases.maxMs)}, mean ${span(cases.meanMs)}`
      : 'no cases',
    '',
    heading('Handoffs A → B (B.start − A.completion), by total time', report.handoffs.length, top),
    table(cut(report.handoffs, top), [
      { header: 'from', value: (h) => h.from, max: 32 },
      { header: 'to', value: (h) => h.to, max: 32 },
      { header: 'count', value: (h) => h.count },
      { header: 'handovers', value: (h) => h.handovers },
      ...timeColumns,
    ]),
    ...(waitAttribution && calendarTime
      ? [
          '',
          heading(
            'Where handoff time falls: working hours or off-hours (elapsed time)',
            waitAttribution.length,
            top,
          ),
          table(cut(waitAttribution, top), [
            { header: 'from', value: (w) => w.from, max: 32 },
            { header: 'to', value: (w) => w.to, max: 32 },
            { header: 'count', value: (w) => w.count },
            { header: 'elapsed', value: (w) => span(w.totalMs) },
            { header: 'working', value: (w) => span(w.workingMs) },
            { header: 'off-hours', value: (w) => span(w.offHoursMs) },
            { header: 'off %', value: (w) => `${Math.round(w.offHoursShare * 100)}%` },
          ]),
          calendarTime.cases.count > 0
            ? `case duration in elapsed time: median ${span(calendarTime.cases.medianMs)}, ` +
              `p90 ${span(calendarTime.cases.p90Ms)}, max ${span(calendarTime.cases.maxMs)}`
            : '',
        ]
      : []),
    '',
    heading('Steps: work time (completion − start)', report.steps.length, top),
    table(cut(report.steps, top), [
      { header: 'activity', value: (s) => s.activity, max: 40 },
      { header: 'count', value: (s) => s.count },
      { header: 'no start', value: (s) => s.withoutStart },
      ...timeColumns,
    ]),
    '',
    heading('Handovers between resources', report.handovers.length, top),
    table(cut(report.handovers, top), pairColumns),
  ];
  if (report.teamHandovers.length > 0) {
    lines.push('', heading('Handovers between teams', report.teamHandovers.length, top));
    lines.push(table(cut(report.teamHandovers, top), pairColumns));
  }
  return lines.join('\n');
}

type Timed = LogReport['handoffs'][number] | LogReport['steps'][number] | LogReport['handovers'][number];

const timeColumns = [
  { header: 'median', value: (r: Timed) => span(r.medianMs) },
  { header: 'p90', value: (r: Timed) => span(r.p90Ms) },
  { header: 'max', value: (r: Timed) => span(r.maxMs) },
  { header: 'total', value: (r: Timed) => span(r.totalMs) },
];

const pairColumns = [
  { header: 'from', value: (h: LogReport['handovers'][number]) => h.from, max: 32 },
  { header: 'to', value: (h: LogReport['handovers'][number]) => h.to, max: 32 },
  { header: 'count', value: (h: LogReport['handovers'][number]) => h.count },
  ...timeColumns,
];

function heading(title: string, rows: number, top: number): string {
  return top > 0 && rows > top ? `${title} (top ${top} of ${rows}):` : `${title}:`;
}

function cut<T>(rows: readonly T[], top: number): readonly T[] {
  return top > 0 ? rows.slice(0, top) : rows;
}
