import type { RecordedEvent } from '@baton/eventstore';
import { DEFINITION_EVENTS_TOPIC, EXECUTION_EVENTS_TOPIC, OWNERSHIP_EVENTS_TOPIC } from '@baton/contracts';
import { MessageHeaders, type RelayedMessage } from '@baton/messaging';
import { RECORDED_AT_HEADER, telemetryOn } from '@baton/telemetry';
import { encodeEnvelope, EVENT_ENVELOPE_TYPE } from './envelope';

/** The `content-type` of every message on Baton's event topics. */
export const PROTOBUF_CONTENT_TYPE = `application/x-protobuf; messageType=${EVENT_ENVELOPE_TYPE}`;

/**
 * The public topic of a stream, by its category: `definition-*`, `instance-*`, and `directory`,
 * `directory-*` or `policy-*` for ownership. Any other stream is internal and not published.
 */
export function topicForStream(streamId: string): string | undefined {
  if (streamId.startsWith('definition-')) return DEFINITION_EVENTS_TOPIC;
  if (streamId.startsWith('instance-')) return EXECUTION_EVENTS_TOPIC;
  const ownership = ['directory-', 'policy-', 'calendars-'];
  if (streamId === 'directory' || ownership.some((prefix) => streamId.startsWith(prefix))) {
    return OWNERSHIP_EVENTS_TOPIC;
  }
  return undefined;
}

/**
 * The relay's mapping of events to protobuf EventEnvelope messages, keyed by stream id, with
 * `content-type`, `event-type`, `event-id`, (when recorded) `traceparent` and (with telemetry
 * on) `recorded-at` (epoch ms) headers. An event
 * `topicOf` gives no topic is left unpublished.
 */
export function protobufEventMapper(topicOf: (event: RecordedEvent) => string | undefined) {
  return (event: RecordedEvent): RelayedMessage | undefined => {
    const topic = topicOf(event);
    if (topic === undefined) return undefined;
    const headers: Record<string, string> = {
      [MessageHeaders.contentType]: PROTOBUF_CONTENT_TYPE,
      [MessageHeaders.eventType]: event.type,
      [MessageHeaders.eventId]: event.eventId,
    };
    // For lag metrics (telemetry on): consumers measure recorded → handled without decoding.
    if (telemetryOn()) headers[RECORDED_AT_HEADER] = String(event.recordedAt.getTime());
    if (event.metadata.traceparent) headers[MessageHeaders.traceparent] = event.metadata.traceparent;
    return { topic, key: event.streamId, value: encodeEnvelope(event), headers };
  };
}
