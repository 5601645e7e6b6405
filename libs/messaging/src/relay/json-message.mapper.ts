import type { RecordedEvent } from '@baton/eventstore';
import { MessageHeaders } from '../port/message-bus.port';
import type { RelayedMessage } from './relay';

/**
 * A JSON mapping of events to messages, until the protobuf EventEnvelope mapping exists. Keyed
 * by stream id; positions are strings because JSON has no 64-bit integers.
 */
export function jsonEventMapper(topicOf: (event: RecordedEvent) => string) {
  return (event: RecordedEvent): RelayedMessage => ({
    topic: topicOf(event),
    key: event.streamId,
    value: Buffer.from(JSON.stringify({ ...{}, ...event, globalPosition: event.globalPosition.toString() })),
    headers: {
      [MessageHeaders.contentType]: 'application/json',
      [MessageHeaders.eventType]: event.type,
      [MessageHeaders.eventId]: event.eventId,
      ...(event.metadata.traceparent ? { [MessageHeaders.traceparent]: event.metadata.traceparent } : {}),
    },
  });
}
