import { DurationSketch, type SlaCounts } from '@baton/analytics-core';
import { analyticsV1 } from '@baton/contracts';
import { durationStats, signedDurationOf } from './duration-stats.mapper';

/** One version's samples of a metric; undefined when the step or edge does not exist in it. */
export interface Side {
  readonly times: DurationSketch;
  readonly sla: SlaCounts;
}

export const emptySide = (): Side => ({ times: new DurationSketch(), sla: { withSla: 0, breaches: 0 } });

const rate = (sla: SlaCounts) => (sla.withSla > 0 ? sla.breaches / sla.withSla : 0);

/**
 * Both sides and the change from base to candidate: relative p50 and p90 change (0 when the
 * base's is 0 or a side has no samples), absolute differences, and the breach rate difference.
 */
export function compareMetric(
  base: Side | undefined,
  candidate: Side | undefined,
): analyticsV1.MetricComparison {
  const b = base && base.times.count > 0 ? base.times.summary() : undefined;
  const c = candidate && candidate.times.count > 0 ? candidate.times.summary() : undefined;
  const relative = (from: number | undefined, to: number | undefined) =>
    from !== undefined && to !== undefined && from > 0 ? (to - from) / from : 0;
  const difference = (from: number | undefined, to: number | undefined) =>
    signedDurationOf(from !== undefined && to !== undefined ? to - from : 0);
  return analyticsV1.MetricComparison.fromPartial({
    ...{},
    ...(base ? { base: durationStats(base.times.summary(), base.sla) } : {}),
    ...(candidate ? { candidate: durationStats(candidate.times.summary(), candidate.sla) } : {}),
    p50Change: relative(b?.p50Ms, c?.p50Ms),
    p90Change: relative(b?.p90Ms, c?.p90Ms),
    slaBreachRateChange:
      base && candidate && base.sla.withSla > 0 && candidate.sla.withSla > 0
        ? rate(candidate.sla) - rate(base.sla)
        : 0,
    p50Difference: difference(b?.p50Ms, c?.p50Ms),
    p90Difference: difference(b?.p90Ms, c?.p90Ms),
  });
}

export function presenceOf(inBase: boolean, inCandidate: boolean): analyticsV1.VersionPresence {
  if (inBase && inCandidate) return analyticsV1.VersionPresence.VERSION_PRESENCE_BOTH;
  return inBase
    ? analyticsV1.VersionPresence.VERSION_PRESENCE_BASE_ONLY
    : analyticsV1.VersionPresence.VERSION_PRESENCE_CANDIDATE_ONLY;
}

/** Largest absolute p50 difference first, then present in both, then by key: a stable order. */
export function byChange<T extends { readonly key: string; readonly metric: analyticsV1.MetricComparison }>(
  a: T,
  b: T,
): number {
  const size = (m: analyticsV1.MetricComparison) =>
    Math.abs(Number(m.p50Difference?.seconds ?? 0) * 1e9 + (m.p50Difference?.nanos ?? 0));
  return size(b.metric) - size(a.metric) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}
