import type { ActivityInstance } from './activity-instance';

/** Two consecutive instances of a case: a directly-follows handoff from A to B. */
export interface HandoffPair {
  readonly from: ActivityInstance;
  readonly to: ActivityInstance;
  /** max(0, B.start − A.completion): overlapping (concurrent) instances hand off in no time. */
  readonly handoffMs: number;
  /** Both resources are known and differ. */
  readonly handover: boolean;
  /** Both teams are known and differ. */
  readonly teamHandover: boolean;
}

/** Each consecutive pair of a case's ordered instances, self-loops included. */
export function handoffPairs(instances: readonly ActivityInstance[]): HandoffPair[] {
  const pairs: HandoffPair[] = [];
  for (let i = 1; i < instances.length; i++) {
    const from = instances[i - 1] as ActivityInstance;
    const to = instances[i] as ActivityInstance;
    pairs.push({
      from,
      to,
      handoffMs: Math.max(0, to.startMs - from.completeMs),
      handover: differ(from.resource, to.resource),
      teamHandover: differ(from.team, to.team),
    });
  }
  return pairs;
}

function differ(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && a !== b;
}
