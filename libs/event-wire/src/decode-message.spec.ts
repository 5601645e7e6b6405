import type { IncomingMessage } from '@baton/messaging';
import { jsonEventMapper } from '@baton/messaging';
import { decodeMessage } from './decode-message';
import { MalformedMessageError, type MalformedReason } from './errors';
import { protobufEventMapper, topicForStream } from './protobuf-message.mapper';
import { aRecordedEvent } from './test-support/recorded-events';
import { samples } from './test-support/samples';

const incoming = (message: {
  key: string;
  value: Buffer;
  headers: Readonly<Record<string, string>>;
}): IncomingMessage => ({
  topic: 'baton.execution.events.v1',
  partition: 0,
  offset: '42',
  ...message,
});

const asProtobuf = protobufEventMapper((event) => topicForStream(event.streamId));
const asJson = jsonEventMapper(() => 'baton.execution.events.v1');

function protobufMessage(event = aRecordedEvent()): IncomingMessage {
  const message = asProtobuf(event);
  if (!message) throw new Error('expected a message');
  return incoming(message);
}

function reasonOf(message: IncomingMessage): MalformedReason {
  try {
    decodeMessage(message);
  } catch (error) {
    if (error instanceof MalformedMessageError) return error.reason;
    throw error;
  }
  throw new Error('expected a MalformedMessageError');
}

describe('decodeMessage', () => {
  const event = aRecordedEvent();

  it('reads the protobuf EventEnvelope', () => {
    expect(decodeMessage(protobufMessage(event))).toStrictEqual(event);
  });

  it("reads the JSON mapper's messages", () => {
    expect(decodeMessage(incoming(asJson(event)))).toStrictEqual(event);
  });

  it('reads the same event from both formats', () => {
    const data = samples.StepEscalated[0];
    const escalated = aRecordedEvent({ type: 'StepEscalated', data });
    expect(decodeMessage(incoming(asJson(escalated)))).toStrictEqual(
      decodeMessage(protobufMessage(escalated)),
    );
  });

  it('decodes bytes shared by several consumers once, still checking each message’s headers', () => {
    const first = protobufMessage(event);
    const again = { ...first, headers: { ...first.headers } };
    const shared = decodeMessage(first);
    expect(decodeMessage(again)).toBe(shared);
    expect(() => decodeMessage({ ...first, headers: { ...first.headers, 'event-id': 'other' } })).toThrow(
      MalformedMessageError,
    );
    expect(decodeMessage(protobufMessage(event))).not.toBe(shared);
  });

  it('accepts header names in any case and a bare protobuf content type', () => {
    const { value, key } = protobufMessage(event);
    const message = incoming({
      key,
      value,
      headers: { 'Content-Type': 'application/x-protobuf', 'Event-Type': event.type },
    });
    expect(decodeMessage(message)).toStrictEqual(event);
  });

  describe('refuses, for the dead-letter topic,', () => {
    const valid = protobufMessage(event);
    const withHeaders = (headers: Record<string, string>, value = valid.value) =>
      incoming({ key: valid.key, value, headers });
    const json = (body: unknown) =>
      withHeaders({ 'content-type': 'application/json' }, Buffer.from(JSON.stringify(body)));
    const jsonEvent = JSON.parse(asJson(event).value.toString('utf8')) as Record<string, unknown>;

    it.each<[string, IncomingMessage, MalformedReason]>([
      ['a message without content type', withHeaders({}), 'missing-content-type'],
      ['plain text', withHeaders({ 'content-type': 'text/plain' }), 'unsupported-content-type'],
      [
        'protobuf of another message',
        withHeaders({ 'content-type': 'application/x-protobuf; messageType=baton.common.v1.TriggerEvent' }),
        'unsupported-content-type',
      ],
      [
        'bytes that are not protobuf',
        withHeaders(valid.headers, Buffer.from([0x0a, 0xff, 0x01])),
        'undecodable',
      ],
      [
        'bytes that are not JSON',
        withHeaders({ 'content-type': 'application/json' }, Buffer.from('{"event')),
        'undecodable',
      ],
      ['a JSON array', json([jsonEvent]), 'undecodable'],
      ['JSON of an unknown event type', json({ ...jsonEvent, type: 'SnapshotTaken' }), 'unknown-event-type'],
      ['JSON without an event id', json({ ...jsonEvent, eventId: undefined }), 'invalid-field'],
      ['JSON with a numeric position', json({ ...jsonEvent, globalPosition: 7 }), 'invalid-field'],
      ['JSON with an unreadable time', json({ ...jsonEvent, occurredAt: 'yesterday' }), 'invalid-field'],
      ['JSON with a fractional version', json({ ...jsonEvent, streamVersion: 1.5 }), 'invalid-field'],
      ['JSON with a numeric actor', json({ ...jsonEvent, metadata: { actor: 7 } }), 'invalid-field'],
      ['JSON without data', json({ ...jsonEvent, data: undefined }), 'invalid-field'],
      [
        'an event-type header that disagrees',
        withHeaders({ ...valid.headers, 'event-type': 'StepStarted' }),
        'header-mismatch',
      ],
      [
        'an event-id header that disagrees',
        withHeaders({ ...valid.headers, 'event-id': 'other' }),
        'header-mismatch',
      ],
    ])('%s', (_name, message, reason) => {
      expect(reasonOf(message)).toBe(reason);
    });

    it('with a message that says what was wrong', () => {
      expect(() => decodeMessage(withHeaders({ 'content-type': 'text/plain' }))).toThrow(
        "Content type 'text/plain' is not supported; expected application/x-protobuf; messageType=baton.common.v1.EventEnvelope or application/json",
      );
    });
  });
});
