import { anyVersion, DuplicateEventIdError, type EventStore, type RecordedEvent } from '@baton/eventstore';
import { decodeMessage, MalformedMessageError } from '@baton/event-wire';
import type { IncomingMessage } from '@baton/messaging';
import { v5 as uuidv5 } from 'uuid';

/**
 * What execution learns from another service's topic and keeps in its own store (calendars, team
 * memberships), so that a restart on an empty or expired topic still knows it.
 */
export interface Learner<T> {
  /** What an event teaches, if anything. */
  learnedFrom(event: RecordedEvent): T | undefined;
  knows(learned: T): boolean;
  learn(learned: T): void;
  /** The stream and event type it is recorded as. */
  recordAs(learned: T): { readonly streamId: string; readonly type: string };
  /** Namespace of the recorded events' ids: derived from the source event's, so a replay writes nothing twice. */
  readonly namespace: string;
}

/**
 * Records what a message teaches in execution's store, then learns it; a malformed message is
 * skipped (retrying cannot fix it, and its own service's store still has the event), and one
 * another replica recorded first is learned as it is.
 */
export async function learnOnce<T>(
  message: IncomingMessage,
  store: EventStore,
  learner: Learner<T>,
  warn: (line: string) => void,
): Promise<void> {
  let learned: T | undefined;
  let sourceEventId: string;
  try {
    const event = decodeMessage(message);
    sourceEventId = event.eventId;
    learned = learner.learnedFrom(event);
  } catch (error) {
    if (!(error instanceof MalformedMessageError)) throw error;
    warn(`skipped ${message.topic} event at ${message.partition}/${message.offset}: ${error.message}`);
    return;
  }
  if (learned === undefined || learner.knows(learned)) return;
  const { streamId, type } = learner.recordAs(learned);
  try {
    await store.append(
      streamId,
      [{ eventId: uuidv5(sourceEventId, learner.namespace), type, data: learned }],
      anyVersion,
    );
  } catch (error) {
    if (!(error instanceof DuplicateEventIdError)) throw error;
  }
  learner.learn(learned);
}
