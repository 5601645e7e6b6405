import { exactVersion, noStream, type AppendResult, type EventStore } from '@baton/eventstore';
import { toDomainEvent, toNewEvents, type DomainEventLike, type RecordingContext } from './domain-events';

/** An aggregate's state folded from its stream, with the version it was folded at. */
export interface Loaded<S> {
  readonly state: S;
  /** Stream version the state reflects (0: no events). */
  readonly version: number;
}

/** How to fold one aggregate type's stream. */
export interface Fold<S, E extends DomainEventLike> {
  readonly initial: S;
  readonly evolve: (state: S, event: E) => S;
}

/** Reads a stream and folds it (from scratch; callers may cache by version). */
export async function loadAggregate<S, E extends DomainEventLike>(
  store: EventStore,
  streamId: string,
  fold: Fold<S, E>,
): Promise<Loaded<S>> {
  const events = await store.readStream(streamId);
  let state = fold.initial;
  for (const e of events) state = fold.evolve(state, toDomainEvent<E>(e));
  return { state, version: events.at(-1)?.streamVersion ?? 0 };
}

/**
 * Appends a decision's events, expecting the stream still at the version the decision saw, so
 * a concurrent writer makes this fail with WrongExpectedVersionError rather than interleave.
 */
export function appendDecision(
  store: EventStore,
  streamId: string,
  seenVersion: number,
  events: readonly DomainEventLike[],
  context: RecordingContext,
): Promise<AppendResult> {
  return store.append(
    streamId,
    toNewEvents(events, context),
    seenVersion === 0 ? noStream : exactVersion(seenVersion),
  );
}
