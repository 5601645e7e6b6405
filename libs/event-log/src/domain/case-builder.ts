import {
  byStartCompletionPosition,
  transitionOf,
  type ActivityInstance,
  type LogEvent,
} from './activity-instance';

/** A case whose events have all been read: its instances in order and its counts. */
export interface FinishedCase {
  readonly caseId: string;
  /** Ordered by (start, completion, position). */
  readonly instances: readonly ActivityInstance[];
  /** Earliest and latest time of any of its events, whatever the transition. */
  readonly firstMs: number;
  readonly lastMs: number;
  readonly events: number;
  /** Starts that no complete closed: they form no instance. */
  readonly startsWithoutComplete: number;
  /** Events with another transition (schedule, assign, suspend, …): ignored for instances. */
  readonly otherTransitions: number;
}

/**
 * Collects one case's events into activity instances: a start opens an instance of its activity,
 * a complete closes the oldest open one (first in, first out) or, when none is open, forms an
 * instance that starts when it completes. Memory: the case's instances and open starts.
 */
export class CaseBuilder {
  private readonly open = new Map<string, number[]>();
  private readonly instances: ActivityInstance[] = [];
  private firstMs = Infinity;
  private lastMs = -Infinity;
  private events = 0;
  private otherTransitions = 0;

  /** The case id; an XES reader learns it from the trace's attributes after the trace opened. */
  constructor(public caseId: string) {}

  add(event: LogEvent): void {
    this.events++;
    this.seen(event.timeMs);
    const transition = transitionOf(event.lifecycle);
    if (transition === 'other') {
      this.otherTransitions++;
    } else if (transition === 'start') {
      const queue = this.open.get(event.activity);
      if (queue) queue.push(event.timeMs);
      else this.open.set(event.activity, [event.timeMs]);
    } else {
      this.complete(event);
    }
  }

  finish(): FinishedCase {
    let startsWithoutComplete = 0;
    for (const queue of this.open.values()) startsWithoutComplete += queue.length;
    return {
      caseId: this.caseId,
      instances: this.instances.sort(byStartCompletionPosition),
      firstMs: this.firstMs,
      lastMs: this.lastMs,
      events: this.events,
      startsWithoutComplete,
      otherTransitions: this.otherTransitions,
    };
  }

  private complete(event: LogEvent): void {
    let startMs = event.startMs;
    if (startMs !== undefined) {
      this.seen(startMs);
    } else {
      const queue = this.open.get(event.activity);
      startMs = queue !== undefined && queue.length > 0 ? queue.shift() : undefined;
    }
    this.instances.push({
      activity: event.activity,
      startMs: startMs ?? event.timeMs,
      completeMs: event.timeMs,
      position: event.position,
      resource: event.resource,
      team: event.team,
      started: startMs !== undefined,
    });
  }

  private seen(timeMs: number): void {
    if (timeMs < this.firstMs) this.firstMs = timeMs;
    if (timeMs > this.lastMs) this.lastMs = timeMs;
  }
}
