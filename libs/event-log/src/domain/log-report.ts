import type { DurationStats } from './exact-stats';

/**
 * What `baton analyze` computes for one log ("directly-follows mode"). `--json` prints it; the
 * names of `cases`, `steps`, `handoffs` and `handovers` and of their fields are a public interface.
 */
export interface LogReport {
  readonly log: LogCounts;
  /** Case durations: last event's time − first event's time, over all transitions. */
  readonly cases: CaseStats;
  /** Work time (completion − start) per activity. */
  readonly steps: readonly StepStats[];
  /** Handoff time max(0, B.start − A.completion) per directly-follows edge A→B, self-loops included. */
  readonly handoffs: readonly HandoffStats[];
  /** The handoffs whose two instances have different resources, per resource pair. */
  readonly handovers: readonly PairStats[];
  /** The handoffs whose two instances have different teams, per team pair. */
  readonly teamHandovers: readonly PairStats[];
  /** How many cases begin with each activity (their first instance), most frequent first. */
  readonly startActivities: readonly ActivityCount[];
  /** How many cases end with each activity (their last instance), most frequent first. */
  readonly endActivities: readonly ActivityCount[];
}

export interface ActivityCount {
  readonly activity: string;
  readonly count: number;
}

export interface LogCounts {
  readonly events: number;
  readonly cases: number;
  readonly instances: number;
  /** Start events no complete closed (no instance was formed). */
  readonly startsWithoutComplete: number;
  /** Events with another lifecycle transition (schedule, assign, suspend, …), ignored for instances. */
  readonly otherTransitions: number;
}

/** `count` only when the log has no case. */
export type CaseStats = { readonly count: number } & Partial<DurationStats>;

export interface StepStats extends DurationStats {
  readonly activity: string;
  /** Instances formed by a complete without a start (work time 0). */
  readonly withoutStart: number;
}

export interface HandoffStats extends DurationStats {
  readonly from: string;
  readonly to: string;
  /** How many of its pairs were handovers (resources present and different). */
  readonly handovers: number;
}

export interface PairStats extends DurationStats {
  readonly from: string;
  readonly to: string;
}

/** Largest total first (where the time goes), then the more frequent, then by name. */
export function byTotalThenCount<T extends DurationStats>(name: (row: T) => string) {
  return (a: T, b: T): number => b.totalMs - a.totalMs || b.count - a.count || compareText(name(a), name(b));
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
