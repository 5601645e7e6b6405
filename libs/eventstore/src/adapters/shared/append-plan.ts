import { DuplicateEventIdError, WrongExpectedVersionError } from '../../port/errors';
import type { AppendResult, ExpectedVersion, NewEvent } from '../../port/event-store.port';

/** Where an event id of this append already lives. */
export interface ExistingEvent {
  readonly eventId: string;
  readonly streamId: string;
  readonly streamVersion: number;
  readonly globalPosition: bigint;
}

/** What an adapter must do for one append, decided the same way by every adapter. */
export type AppendPlan =
  | { readonly kind: 'write'; readonly firstVersion: number }
  | { readonly kind: 'already-written'; readonly result: AppendResult };

/**
 * Decides an append from the stream's current version and the stored events sharing its ids.
 * The idempotency check comes first so that a retry of a successful append (whose expectation is
 * now stale) is a no-op rather than a conflict.
 */
export function planAppend(
  streamId: string,
  events: readonly NewEvent[],
  expected: ExpectedVersion,
  currentVersion: number,
  existing: readonly ExistingEvent[],
): AppendPlan {
  const ids = events.map((e) => e.eventId);
  const firstDuplicate = ids.find((id, i) => ids.indexOf(id) !== i);
  if (firstDuplicate !== undefined) throw new DuplicateEventIdError(firstDuplicate, streamId);
  if (existing.length > 0) return planRetry(streamId, ids, expected, existing);
  if (!expectationHolds(expected, currentVersion))
    throw new WrongExpectedVersionError(streamId, expected, currentVersion);
  return { kind: 'write', firstVersion: currentVersion + 1 };
}

/** Whether a stream at `currentVersion` meets the expectation of an append. */
export function expectationHolds(expected: ExpectedVersion, currentVersion: number): boolean {
  return (
    expected.kind === 'any' ||
    (expected.kind === 'no-stream' && currentVersion === 0) ||
    (expected.kind === 'exact' && currentVersion === expected.version)
  );
}

function planRetry(
  streamId: string,
  ids: readonly string[],
  expected: ExpectedVersion,
  existing: readonly ExistingEvent[],
): AppendPlan {
  const byId = new Map(existing.map((e) => [e.eventId, e]));
  const found = ids.map((id) => byId.get(id));
  const first = found[0];
  const samePlace =
    first !== undefined &&
    found.every(
      (e, i) => e !== undefined && e.streamId === streamId && e.streamVersion === first.streamVersion + i,
    ) &&
    (expected.kind === 'any' ||
      (expected.kind === 'no-stream' && first.streamVersion === 1) ||
      (expected.kind === 'exact' && first.streamVersion === expected.version + 1));
  const last = found[found.length - 1];
  if (!samePlace || last === undefined) {
    const clash = existing[0] as ExistingEvent;
    throw new DuplicateEventIdError(clash.eventId, streamId);
  }
  return {
    kind: 'already-written',
    result: {
      nextExpectedVersion: last.streamVersion,
      lastGlobalPosition: last.globalPosition,
      written: false,
    },
  };
}
