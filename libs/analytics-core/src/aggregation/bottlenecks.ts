import type { AnalyticsAggregate } from './aggregate.types';
import { edgeKey } from './analytics-aggregate';
import { handoffStats, stepStats, type HandoffStats, type StepStats } from './statistics';

/** `timeLost`: sum of the durations (where the most time goes); `p90`: the slow tail of one case. */
export type BottleneckOrder = 'timeLost' | 'p90';

export interface RankOptions {
  readonly by: BottleneckOrder;
  /** Keep the first `limit` rows (all when absent). */
  readonly limit?: number;
  /** Ignore edges or steps seen fewer times (a p90 of two cases ranks nothing). Default 1. */
  readonly minCount?: number;
}

/** Handoff edges A→B, worst first: by total time lost or by p90 of the total handoff time. */
export function rankHandoffs(aggregate: AnalyticsAggregate, options: RankOptions): HandoffStats[] {
  const rows = [...aggregate.edges.values()].map(handoffStats);
  return rank(
    rows,
    options,
    (r) => (options.by === 'timeLost' ? r.timeLostMs : r.total.p90Ms),
    (r) => edgeKey(r.from, r.to),
  );
}

/** Team pairs, worst first (same orders as edges). */
export function rankTeamPairs(aggregate: AnalyticsAggregate, options: RankOptions): HandoffStats[] {
  const rows = [...aggregate.teamPairs.values()].map(handoffStats);
  return rank(
    rows,
    options,
    (r) => (options.by === 'timeLost' ? r.timeLostMs : r.total.p90Ms),
    (r) => edgeKey(r.from, r.to),
  );
}

/** Steps, worst first: by time lost (activated → ended, summed) or by p90 of that elapsed time. */
export function rankSteps(aggregate: AnalyticsAggregate, options: RankOptions): StepStats[] {
  const rows = [...aggregate.steps.values()].map(stepStats);
  return rank(
    rows,
    options,
    (r) => (options.by === 'timeLost' ? r.timeLostMs : r.elapsed.p90Ms),
    (r) => r.stepId,
  );
}

/** Descending by score; ties broken by key so the ranking is deterministic. */
function rank<T extends { readonly count: number }>(
  rows: T[],
  { limit, minCount = 1 }: RankOptions,
  score: (row: T) => number,
  key: (row: T) => string,
): T[] {
  const sorted = rows
    .filter((r) => r.count >= minCount)
    .sort((a, b) => score(b) - score(a) || (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  return limit === undefined ? sorted : sorted.slice(0, limit);
}
