import { DEFINITION_EVENTS_TOPIC, EXECUTION_EVENTS_TOPIC, OWNERSHIP_EVENTS_TOPIC } from '@baton/contracts';
import { decodeEnvelope } from './envelope';
import { PROTOBUF_CONTENT_TYPE, protobufEventMapper, topicForStream } from './protobuf-message.mapper';
import { aRecordedEvent } from './test-support/recorded-events';

describe('protobufEventMapper', () => {
  const toMessage = protobufEventMapper((event) => topicForStream(event.streamId));

  it('keys the envelope by stream id with content-type, event and trace headers', () => {
    const event = aRecordedEvent();
    const message = toMessage(event);
    expect(message).toMatchObject({
      topic: EXECUTION_EVENTS_TOPIC,
      key: event.streamId,
      headers: {
        'content-type': 'application/x-protobuf; messageType=baton.common.v1.EventEnvelope',
        'event-type': 'StepAssigned',
        'event-id': event.eventId,
        traceparent: event.metadata.traceparent,
      },
    });
    expect(message && decodeEnvelope(message.value)).toStrictEqual(event);
  });

  it('sends no traceparent header when none was recorded', () => {
    const message = toMessage(aRecordedEvent({ metadata: { tenantId: 'acme' } }));
    expect(message?.headers).toEqual({
      'content-type': PROTOBUF_CONTENT_TYPE,
      'event-type': 'StepAssigned',
      'event-id': '0193a6f2-7c1e-7d4a-9b1e-2f0c5a1d3e50',
    });
  });

  it('leaves events of internal streams unpublished, whatever their type', () => {
    expect(
      toMessage(aRecordedEvent({ streamId: 'snapshot-instance-1', type: 'SnapshotTaken' })),
    ).toBeUndefined();
  });
});

describe('topicForStream', () => {
  it.each([
    ['definition-order-to-cash', DEFINITION_EVENTS_TOPIC],
    ['instance-0193a6f2-7c1e-7d4a-9b1e-2f0c5a1d3e4f', EXECUTION_EVENTS_TOPIC],
    ['directory', OWNERSHIP_EVENTS_TOPIC],
    ['directory-acme', OWNERSHIP_EVENTS_TOPIC],
    ['policy-finance', OWNERSHIP_EVENTS_TOPIC],
    ['directorysnapshot', undefined],
    ['instances-projection', undefined],
    ['$checkpoint-relay', undefined],
    ['', undefined],
  ])('sends %s to %s', (streamId, topic) => {
    expect(topicForStream(streamId)).toBe(topic);
  });
});
