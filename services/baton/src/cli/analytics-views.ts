import { analyticsV1, type googleProtobuf } from '@baton/contracts';
import { duration, enumLabel, fields, table, time } from './format';

/** A protobuf Duration in milliseconds. */
const ms = (d: googleProtobuf.Duration | undefined): number =>
  d ? Number(d.seconds) * 1000 + d.nanos / 1e6 : 0;
const shown = (d: googleProtobuf.Duration | undefined): string => duration(ms(d));
const percent = (rate: number): string => `${(rate * 100).toFixed(1)}%`;
/** Breaches among the samples with an SLA (or deadline), `1/2 (50.0%)`; empty when none had one. */
const missed = (s: analyticsV1.DurationStats | undefined): string =>
  s && Number(s.slaSampleCount) > 0
    ? `${s.slaBreachCount}/${s.slaSampleCount} (${percent(s.slaBreachRate)})`
    : '';

export function handoffsTable(rows: readonly analyticsV1.HandoffStats[], groupBy: string): string {
  const where =
    groupBy === 'team-pair'
      ? [
          { header: 'from team', value: (h: analyticsV1.HandoffStats) => h.fromTeamId },
          { header: 'to team', value: (h: analyticsV1.HandoffStats) => h.toTeamId },
        ]
      : groupBy === 'definition'
        ? [{ header: 'definition', value: (h: analyticsV1.HandoffStats) => h.definitionId }]
        : [
            {
              header: 'definition',
              value: (h: analyticsV1.HandoffStats) => versioned(h.definitionId, h.definitionVersion),
            },
            { header: 'from', value: (h: analyticsV1.HandoffStats) => h.fromStepId },
            { header: 'to', value: (h: analyticsV1.HandoffStats) => h.toStepId },
            { header: 'teams', value: (h: analyticsV1.HandoffStats) => teams(h) },
          ];
  return table(rows, [
    ...where,
    { header: 'count', value: (h) => h.total?.count },
    { header: 'routing p50', value: (h) => shown(h.routing?.p50) },
    { header: 'assign p50', value: (h) => shown(h.assignment?.p50) },
    { header: 'pickup p50', value: (h) => shown(h.pickup?.p50) },
    { header: 'p50', value: (h) => shown(h.total?.p50) },
    { header: 'p90', value: (h) => shown(h.total?.p90) },
    { header: 'p99', value: (h) => shown(h.total?.p99) },
    { header: 'max', value: (h) => shown(h.total?.max) },
    { header: 'sla missed', value: (h) => missed(h.total) },
    { header: 'time lost', value: (h) => shown(h.total?.totalTimeLost) },
    // Of the elapsed handoff time, the share outside the receiving owner's working hours.
    { header: 'off-hours', value: (h) => percent(h.waitAttribution?.offHoursShare ?? 0) },
  ]);
}

/** A table or text in business time says so first (calendar time is the default, unsaid). */
export function inClock(clock: analyticsV1.Clock, text: string): string {
  return clock === analyticsV1.Clock.CLOCK_BUSINESS
    ? `Durations in business time (working hours of each calendar).\n${text}`
    : text;
}

export function stepsTable(rows: readonly analyticsV1.StepStats[]): string {
  return table(rows, [
    { header: 'definition', value: (s) => versioned(s.definitionId, s.definitionVersion) },
    { header: 'step', value: (s) => s.stepId },
    { header: 'team', value: (s) => s.teamId },
    { header: 'done', value: (s) => s.completedCount },
    { header: 'failed', value: (s) => s.failedCount },
    { header: 'assign p50', value: (s) => shown(s.assignmentTime?.p50) },
    { header: 'pickup p50', value: (s) => shown(s.pickupTime?.p50) },
    { header: 'work p50', value: (s) => shown(s.workTime?.p50) },
    { header: 'cycle p50', value: (s) => shown(s.cycleTime?.p50) },
    { header: 'cycle p90', value: (s) => shown(s.cycleTime?.p90) },
    {
      header: 'late',
      value: (s) => (Number(s.cycleTime?.slaBreachCount) > 0 ? percent(s.cycleTime?.slaBreachRate ?? 0) : ''),
    },
    { header: 'time lost', value: (s) => shown(s.cycleTime?.totalTimeLost) },
  ]);
}

export function bottlenecksTable(rows: readonly analyticsV1.Bottleneck[]): string {
  return table(rows, [
    { header: 'rank', value: (b) => b.rank },
    { header: 'kind', value: (b) => enumLabel(analyticsV1.bottleneckKindToJSON(b.kind), 'BOTTLENECK_KIND_') },
    { header: 'definition', value: (b) => versioned(b.definitionId, b.definitionVersion) },
    { header: 'where', value: (b) => b.stepId || `${b.fromStepId} → ${b.toStepId}` },
    { header: 'team', value: (b) => b.teamId },
    { header: 'count', value: (b) => b.stats?.count },
    { header: 'p50', value: (b) => shown(b.stats?.p50) },
    { header: 'p90', value: (b) => shown(b.stats?.p90) },
    { header: 'sla missed', value: (b) => missed(b.stats) },
    { header: 'time lost', value: (b) => shown(b.totalTimeLost) },
    { header: 'share', value: (b) => percent(b.share) },
  ]);
}

export function cycleTimesText(response: analyticsV1.GetCycleTimesResponse): string {
  const overall = response.overall;
  const summary = fields([
    ['started', overall?.startedCount],
    ['completed', overall?.completedCount],
    ['cancelled', overall?.cancelledCount],
    ['failed', overall?.failedCount],
    ['in progress', overall?.workInProgress],
    ['per day', overall?.throughputPerDay.toFixed(2)],
    ['cycle p50', shown(overall?.endToEnd?.p50)],
    ['cycle p90', shown(overall?.endToEnd?.p90)],
    ['cycle p99', shown(overall?.endToEnd?.p99)],
    ['cycle max', shown(overall?.endToEnd?.max)],
  ]);
  if (response.buckets.length === 0) return summary;
  const series = table(response.buckets, [
    { header: 'from', value: (b) => time(b.window?.startTime) },
    { header: 'started', value: (b) => b.stats?.startedCount },
    { header: 'completed', value: (b) => b.stats?.completedCount },
    { header: 'in progress', value: (b) => b.stats?.workInProgress },
    { header: 'cycle p50', value: (b) => shown(b.stats?.endToEnd?.p50) },
    { header: 'cycle p90', value: (b) => shown(b.stats?.endToEnd?.p90) },
  ]);
  return `${summary}\n\n${series}`;
}

const versioned = (definitionId: string, version: number | undefined): string =>
  version === undefined ? definitionId : `${definitionId} v${version}`;

const teams = (h: analyticsV1.HandoffStats): string =>
  h.fromTeamId || h.toTeamId ? `${h.fromTeamId || '?'} → ${h.toTeamId || '?'}` : '';
