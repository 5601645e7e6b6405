/** One event of an imported log, as a reader hands it over. */
export interface LogEvent {
  readonly activity: string;
  /** When it happened, as a UTC instant in epoch milliseconds. */
  readonly timeMs: number;
  /** The raw lifecycle transition; missing or empty means `complete`. */
  readonly lifecycle?: string | undefined;
  readonly resource?: string | undefined;
  readonly team?: string | undefined;
  /**
   * A start time carried by the same record (a CSV start-timestamp column): a completing event
   * with one forms its instance directly instead of closing an open start.
   */
  readonly startMs?: number | undefined;
  /** Index of the event in the file, counting every event; breaks ties in time. */
  readonly position: number;
}

/** What a lifecycle value means for activity instances. */
export type Transition = 'start' | 'complete' | 'other';

/** Lifecycle values compared case-insensitively; missing or empty = complete; the rest is ignored. */
export function transitionOf(lifecycle: string | undefined): Transition {
  if (lifecycle === undefined || lifecycle === '' || lifecycle === 'complete') return 'complete';
  if (lifecycle === 'start') return 'start';
  const value = lifecycle.trim().toLowerCase();
  if (value === 'complete' || value === '') return 'complete';
  return value === 'start' ? 'start' : 'other';
}

/** One execution of an activity in a case: from its start to its completion. */
export interface ActivityInstance {
  readonly activity: string;
  readonly startMs: number;
  readonly completeMs: number;
  /** Position of the completing event: orders instances whose start and completion are equal. */
  readonly position: number;
  /** The completing event's resource and team. */
  readonly resource: string | undefined;
  readonly team: string | undefined;
  /** False when no start was matched: the instance starts when it completes. */
  readonly started: boolean;
}

/** The order of instances in a case: by start, then completion, then position in the file. */
export function byStartCompletionPosition(a: ActivityInstance, b: ActivityInstance): number {
  return a.startMs - b.startMs || a.completeMs - b.completeMs || a.position - b.position;
}
