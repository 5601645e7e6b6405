import { RELATIVE_ACCURACY, type DurationSummary, type SlaCounts } from '@baton/analytics-core';
import { analyticsV1, type googleProtobuf } from '@baton/contracts';

/** Milliseconds (a sketch may answer fractions) as a protobuf Duration. */
export function durationOf(ms: number): googleProtobuf.Duration {
  let seconds = Math.floor(ms / 1000);
  let nanos = Math.round((ms - seconds * 1000) * 1e6);
  if (nanos >= 1e9) [seconds, nanos] = [seconds + 1, nanos - 1e9];
  return { seconds: String(seconds), nanos };
}

/** Signed milliseconds as a protobuf Duration (seconds and nanos share the sign). */
export function signedDurationOf(ms: number): googleProtobuf.Duration {
  if (ms >= 0) return durationOf(ms);
  const d = durationOf(-ms);
  return { seconds: d.seconds === '0' ? '0' : `-${d.seconds}`, nanos: d.nanos === 0 ? 0 : -d.nanos };
}

/** A sketch's summary as DurationStats; with `sla`, its breach figures (and the overrun summed over them). */
export function durationStats(
  summary: DurationSummary,
  sla?: SlaCounts,
  overrunMs = 0,
): analyticsV1.DurationStats {
  return analyticsV1.DurationStats.fromPartial({
    count: String(summary.count),
    mean: durationOf(summary.meanMs),
    p50: durationOf(summary.p50Ms),
    p90: durationOf(summary.p90Ms),
    p95: durationOf(summary.p95Ms),
    p99: durationOf(summary.p99Ms),
    max: durationOf(summary.maxMs),
    slaBreachCount: String(sla?.breaches ?? 0),
    slaBreachRate: sla && sla.withSla > 0 ? sla.breaches / sla.withSla : 0,
    totalTimeLost: durationOf(summary.totalMs),
    totalOverrun: durationOf(overrunMs),
    relativeAccuracy: RELATIVE_ACCURACY,
    slaSampleCount: String(sla?.withSla ?? 0),
  });
}
