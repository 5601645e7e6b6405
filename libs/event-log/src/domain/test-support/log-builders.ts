import { CaseBuilder } from '../case-builder';
import { handoffPairs } from '../handoff-pairs';
import { LogAnalysis } from '../log-analysis';
import type { LogReport } from '../log-report';

/** Minutes, the unit the hand-made logs are written in. */
export const min = (m: number) => m * 60_000;

/** One event of a hand-made log: activity, minute, then optional lifecycle, resource, team. */
export type Ev = readonly [
  activity: string,
  minute: number,
  lifecycle?: string | undefined,
  resource?: string | undefined,
  team?: string | undefined,
];

/** A case's events in file order, as a reader would hand them over. */
export function buildCase(events: readonly Ev[], caseId = 'c1') {
  const builder = new CaseBuilder(caseId);
  events.forEach(([activity, minute, lifecycle, resource, team], position) =>
    builder.add({ activity, timeMs: min(minute), lifecycle, resource, team, position }),
  );
  return builder.finish();
}

/** A case's instances as `activity start–completion` in minutes, in their order. */
export function instancesOf(events: readonly Ev[]): string[] {
  return buildCase(events).instances.map(
    (i) => `${i.activity} ${i.startMs / 60_000}–${i.completeMs / 60_000}${i.started ? '' : ' (no start)'}`,
  );
}

/** A case's handoffs as `from→to minutes`, `*` marking a handover, in their order. */
export function handoffsOf(events: readonly Ev[]): string[] {
  return handoffPairs(buildCase(events).instances).map(
    (p) => `${p.from.activity}→${p.to.activity} ${p.handoffMs / 60_000}${p.handover ? ' *' : ''}`,
  );
}

/** Analyses hand-made cases (file order: the cases in order, each case's events in order). */
export function analyse(...cases: readonly (readonly Ev[])[]): LogReport {
  const analysis = new LogAnalysis();
  cases.forEach((events, i) => analysis.addCase(buildCase(events, `c${i + 1}`)));
  return analysis.report();
}
