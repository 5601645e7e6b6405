import { analyticsV1, type googleProtobuf } from '@baton/contracts';
import { duration, enumLabel, fields, table, time } from './format';

// Tables of `baton analytics sla-breaches|network|compare|single-person|queues`.

const ms = (d: googleProtobuf.Duration | undefined): number =>
  d ? Number(d.seconds) * 1000 + d.nanos / 1e6 : 0;
const shown = (d: googleProtobuf.Duration | undefined): string => duration(ms(d));
/** A signed difference: `+1.5 min`, `-30 s`. */
const signed = (d: googleProtobuf.Duration | undefined): string => {
  const value = ms(d);
  return value < 0 ? `-${duration(-value)}` : `+${duration(value)}`;
};
const percent = (rate: number): string => `${(rate * 100).toFixed(1)}%`;
const change = (rate: number): string => `${rate > 0 ? '+' : ''}${(rate * 100).toFixed(1)}%`;

/** The step, or the handoff A → B for a handoff's SLA. */
const where = (b: analyticsV1.SlaBreach): string =>
  b.kind === analyticsV1.SlaBreachKind.SLA_BREACH_KIND_HANDOFF
    ? `${b.fromStepId} → ${b.stepName || b.stepId}`
    : b.stepName || b.stepId;

function breachStatus(b: analyticsV1.SlaBreach): string {
  return b.open ? 'open' : enumLabel(analyticsV1.activationEndToJSON(b.end), 'ACTIVATION_END_');
}

export function breachesTable(breaches: readonly analyticsV1.SlaBreach[], total: string): string {
  const rows = table(breaches, [
    { header: 'due', value: (b) => time(b.dueAt) },
    { header: 'instance', value: (b) => b.businessKey || b.instanceId },
    { header: 'step or handoff', value: where, max: 40 },
    { header: 'team', value: (b) => b.teamId },
    { header: 'had it when due', value: (b) => b.assigneePersonId },
    { header: 'has it', value: (b) => b.ownerPersonId },
    { header: 'overrun', value: (b) => shown(b.overrun) },
    { header: 'level', value: (b) => b.escalationLevel || '' },
    { header: 'status', value: breachStatus },
  ]);
  return `${rows}\n\n${breaches.length} of ${total} breaches`;
}

/** Each breach's trail: what happened to the step, in order. */
export function breachTrails(breaches: readonly analyticsV1.SlaBreach[]): string {
  const line = (t: analyticsV1.BreachTrailEntry): string => {
    const kind = enumLabel(analyticsV1.breachTrailKindToJSON(t.kind), 'BREACH_TRAIL_KIND_');
    const who = t.fromPersonId ? `${t.fromPersonId} → ${t.toPersonId}` : t.toPersonId;
    const escalation = t.level ? ` level ${t.level} ${t.action} to ${t.escalatedTo}` : '';
    return `  ${time(t.at)}  ${kind}${escalation}${who ? ` ${who}` : ''}${t.reason ? ` (${t.reason})` : ''}`;
  };
  return breaches
    .map((b) =>
      [`${b.businessKey || b.instanceId} ${where(b)} (due ${time(b.dueAt)})`, ...b.trail.map(line)].join(
        '\n',
      ),
    )
    .join('\n\n');
}

export function networkText(response: analyticsV1.GetHandoverNetworkResponse): string {
  const label = new Map(response.nodes.map((n) => [n.id, n.label || n.id]));
  const edges = table(response.edges, [
    { header: 'from', value: (e) => label.get(e.fromId) ?? e.fromId, max: 30 },
    { header: 'to', value: (e) => label.get(e.toId) ?? e.toId, max: 30 },
    { header: 'handoffs', value: (e) => e.count },
    { header: 'p50', value: (e) => shown(e.handoffTime?.p50) },
    { header: 'p90', value: (e) => shown(e.handoffTime?.p90) },
    { header: 'time lost', value: (e) => shown(e.handoffTime?.totalTimeLost) },
  ]);
  const nodes = table(response.nodes, [
    { header: 'node', value: (n) => n.id },
    { header: 'name', value: (n) => n.label, max: 30 },
    { header: 'completed', value: (n) => n.completedCount },
    { header: 'handed over', value: (n) => n.handedOverCount },
    { header: 'received', value: (n) => n.receivedCount },
  ]);
  return `${edges}\n\n${nodes}`;
}

const presence = (p: analyticsV1.VersionPresence): string =>
  enumLabel(analyticsV1.versionPresenceToJSON(p), 'VERSION_PRESENCE_');

const metricColumns = <Row>(metric: (row: Row) => analyticsV1.MetricComparison | undefined) => [
  { header: 'base n', value: (r: Row) => metric(r)?.base?.count ?? '' },
  { header: 'base p50', value: (r: Row) => (metric(r)?.base ? shown(metric(r)?.base?.p50) : '') },
  { header: 'new n', value: (r: Row) => metric(r)?.candidate?.count ?? '' },
  { header: 'new p50', value: (r: Row) => (metric(r)?.candidate ? shown(metric(r)?.candidate?.p50) : '') },
  {
    header: 'p50 change',
    value: (r: Row) => both(metric(r), (m) => `${signed(m.p50Difference)} (${change(m.p50Change)})`),
  },
  { header: 'base p90', value: (r: Row) => (metric(r)?.base ? shown(metric(r)?.base?.p90) : '') },
  { header: 'new p90', value: (r: Row) => (metric(r)?.candidate ? shown(metric(r)?.candidate?.p90) : '') },
  {
    header: 'p90 change',
    value: (r: Row) => both(metric(r), (m) => `${signed(m.p90Difference)} (${change(m.p90Change)})`),
  },
];

/** A change only where both sides have samples. */
const both = (
  m: analyticsV1.MetricComparison | undefined,
  text: (m: analyticsV1.MetricComparison) => string,
) => (m && Number(m.base?.count ?? 0) > 0 && Number(m.candidate?.count ?? 0) > 0 ? text(m) : '');

export function comparisonText(
  response: analyticsV1.CompareVersionsResponse,
  base: number,
  candidate: number,
): string {
  const cycle = response.cycleTime;
  const summary = fields([
    ['compared', `v${base} (base) with v${candidate} (new)`],
    ['cases', `${cycle?.base?.count ?? 0} → ${cycle?.candidate?.count ?? 0}`],
    ['cycle p50', `${shown(cycle?.base?.p50)} → ${shown(cycle?.candidate?.p50)}`],
    ['cycle p90', `${shown(cycle?.base?.p90)} → ${shown(cycle?.candidate?.p90)}`],
    ['p50 change', both(cycle, (m) => `${signed(m.p50Difference)} (${change(m.p50Change)})`)],
  ]);
  const steps = table(response.steps, [
    { header: 'step', value: (s) => s.stepName || s.stepId, max: 30 },
    { header: 'in', value: (s) => presence(s.presence) },
    ...metricColumns((s: analyticsV1.StepComparison) => s.cycleTime),
  ]);
  const handoffs = table(response.handoffs, [
    { header: 'handoff', value: (h) => `${h.fromStepId} → ${h.toStepId}`, max: 40 },
    { header: 'in', value: (h) => presence(h.presence) },
    ...metricColumns((h: analyticsV1.HandoffComparison) => h.total),
  ]);
  return `${summary}\n\nSteps (activated → ended)\n${steps}\n\nHandoffs (A completed → B started)\n${handoffs}`;
}

export function dependenciesTable(rows: readonly analyticsV1.SinglePersonDependency[]): string {
  const team = analyticsV1.DependencyScope.DEPENDENCY_SCOPE_TEAM;
  return table(rows, [
    { header: 'scope', value: (d) => (d.scope === team ? 'team' : 'step') },
    {
      header: 'where',
      value: (d) => (d.scope === team ? d.teamId : `${d.definitionId} ${d.stepName || d.stepId}`),
      max: 40,
    },
    { header: 'team', value: (d) => (d.scope === team ? '' : d.teamId) },
    {
      header: 'person',
      value: (d) => (d.personName ? `${d.personName} (${d.personId})` : d.personId),
      max: 30,
    },
    {
      header: 'why',
      value: (d) => enumLabel(analyticsV1.dependencyReasonToJSON(d.reason), 'DEPENDENCY_REASON_'),
    },
    { header: 'done', value: (d) => `${d.personCompletedCount} of ${d.totalCompletedCount}` },
    { header: 'share', value: (d) => percent(d.share) },
    { header: 'could do it now', value: (d) => d.eligiblePeople },
  ]);
}

export function queuesText(response: analyticsV1.GetTeamQueuesResponse): string {
  const overall = table(response.teams, [
    { header: 'team', value: (t) => t.teamId },
    { header: 'members', value: (t) => t.members },
    { header: 'arrived', value: (t) => t.overall?.arrivals },
    { header: 'completed', value: (t) => t.overall?.completedCount },
    { header: 'failed', value: (t) => t.overall?.failedCount },
    { header: 'cancelled', value: (t) => t.overall?.cancelledCount },
    { header: 'in progress', value: (t) => t.overall?.workInProgress },
    { header: 'per day', value: (t) => t.overall?.throughputPerDay.toFixed(2) },
    { header: 'busy', value: (t) => shown(t.overall?.busyTime) },
    { header: 'utilisation', value: (t) => percent(t.overall?.utilisation ?? 0) },
  ]);
  const series = response.teams
    .filter((t) => t.buckets.length > 0)
    .map(
      (t) =>
        `${t.teamId}\n${table(t.buckets, [
          { header: 'from', value: (b) => time(b.window?.startTime) },
          { header: 'arrived', value: (b) => b.stats?.arrivals },
          { header: 'completed', value: (b) => b.stats?.completedCount },
          { header: 'in progress', value: (b) => b.stats?.workInProgress },
          { header: 'utilisation', value: (b) => percent(b.stats?.utilisation ?? 0) },
        ])}`,
    );
  return [overall, ...series].join('\n\n');
}
