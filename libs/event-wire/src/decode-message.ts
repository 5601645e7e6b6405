import type { EventMetadata, RecordedEvent } from '@baton/eventstore';
import { MessageHeaders, type IncomingMessage } from '@baton/messaging';
import { decodeEnvelope, EVENT_ENVELOPE_TYPE } from './envelope';
import { invalidField, MalformedMessageError } from './errors';
import { dataMapperFor } from './mappers/event-mappers';

function header(message: IncomingMessage, name: string): string | undefined {
  const key = Object.keys(message.headers).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : message.headers[key];
}

interface ContentType {
  readonly mediaType: string;
  readonly params: ReadonlyMap<string, string>;
}

function parseContentType(value: string): ContentType {
  const [mediaType = '', ...rest] = value.split(';').map((part) => part.trim());
  const params = new Map<string, string>();
  for (const param of rest) {
    const eq = param.indexOf('=');
    if (eq > 0)
      params.set(
        param.slice(0, eq).trim().toLowerCase(),
        param
          .slice(eq + 1)
          .trim()
          .replace(/^"|"$/g, ''),
      );
  }
  return { mediaType: mediaType.toLowerCase(), params };
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function stringField(json: Record<string, unknown>, field: string): string {
  const value = json[field];
  if (typeof value !== 'string' || value === '') throw invalidField(field, 'must be a non-empty string');
  return value;
}

function dateField(json: Record<string, unknown>, field: string): Date {
  const date = new Date(stringField(json, field));
  if (Number.isNaN(date.getTime())) throw invalidField(field, 'must be an ISO 8601 time');
  return date;
}

function integerField(json: Record<string, unknown>, field: string): number {
  const value = json[field];
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw invalidField(field, 'must be a non-negative integer');
  }
  return value;
}

const METADATA_KEYS = [
  'tenantId',
  'correlationId',
  'causationId',
  'actor',
  'traceparent',
  'idempotencyKey',
] as const;

function metadataField(json: Record<string, unknown>): EventMetadata {
  const metadata = json['metadata'] ?? {};
  if (!isRecord(metadata)) throw invalidField('metadata', 'must be an object');
  const result: Record<string, string> = {};
  for (const key of METADATA_KEYS) {
    const value = metadata[key];
    if (value === undefined) continue;
    if (typeof value !== 'string') throw invalidField(`metadata.${key}`, 'must be a string');
    result[key] = value;
  }
  return result;
}

/** The relay's JSON format (`jsonEventMapper`): the stored event with the position as a string. */
function decodeJson(value: Buffer): RecordedEvent {
  let json: unknown;
  try {
    json = JSON.parse(value.toString('utf8'));
  } catch (error) {
    throw new MalformedMessageError('undecodable', `The message is not valid JSON: ${String(error)}`, {
      cause: error,
    });
  }
  if (!isRecord(json)) throw new MalformedMessageError('undecodable', 'The message is not a JSON object');
  const type = stringField(json, 'type');
  if (dataMapperFor(type) === undefined) {
    throw new MalformedMessageError('unknown-event-type', `Event type '${type}' is not a Baton event`);
  }
  const position = stringField(json, 'globalPosition');
  if (!/^\d+$/.test(position)) throw invalidField('globalPosition', 'must be a decimal string');
  if (!('data' in json)) throw invalidField('data', 'is required');
  return {
    eventId: stringField(json, 'eventId'),
    type,
    streamId: stringField(json, 'streamId'),
    streamVersion: integerField(json, 'streamVersion'),
    globalPosition: BigInt(position),
    occurredAt: dateField(json, 'occurredAt'),
    recordedAt: dateField(json, 'recordedAt'),
    data: json['data'],
    metadata: metadataField(json),
    schemaVersion: integerField(json, 'schemaVersion'),
  };
}

function checkHeaders(message: IncomingMessage, event: RecordedEvent): RecordedEvent {
  for (const [name, actual] of [
    [MessageHeaders.eventType, event.type],
    [MessageHeaders.eventId, event.eventId],
  ] as const) {
    const claimed = header(message, name);
    if (claimed !== undefined && claimed !== actual) {
      throw new MalformedMessageError(
        'header-mismatch',
        `Header ${name} is '${claimed}' but the event's is '${actual}'`,
      );
    }
  }
  return event;
}

// The in-process bus hands the same bytes to every consumer group: each body is decoded once and
// the event shared (consumers treat events as immutable values). Kafka's buffers are per message,
// so there the cache just misses; entries go with their buffers.
const decodedBodies = new WeakMap<Buffer, { decoder: unknown; event: RecordedEvent }>();

function decodedOnce(bytes: Buffer, decode: (bytes: Buffer) => RecordedEvent): RecordedEvent {
  const cached = decodedBodies.get(bytes);
  if (cached?.decoder === decode) return cached.event;
  const event = decode(bytes);
  decodedBodies.set(bytes, { decoder: decode, event });
  return event;
}

/**
 * A message from an event topic as the stored event it was published from. Reads the protobuf
 * EventEnvelope (`application/x-protobuf; messageType=baton.common.v1.EventEnvelope`) and the
 * relay's JSON (`application/json`). Throws {@link MalformedMessageError} for any other content
 * type, undecodable bytes, an unknown event type, or headers that disagree with the body:
 * consumers dead-letter such messages.
 */
export function decodeMessage(message: IncomingMessage): RecordedEvent {
  const contentType = header(message, MessageHeaders.contentType);
  if (contentType === undefined || contentType.trim() === '') {
    throw new MalformedMessageError('missing-content-type', 'The message has no content-type header');
  }
  const { mediaType, params } = parseContentType(contentType);
  if (mediaType === 'application/json') return checkHeaders(message, decodedOnce(message.value, decodeJson));
  const messageType = params.get('messagetype');
  if (
    mediaType === 'application/x-protobuf' &&
    (messageType === undefined || messageType === EVENT_ENVELOPE_TYPE)
  ) {
    return checkHeaders(message, decodedOnce(message.value, decodeEnvelope));
  }
  throw new MalformedMessageError(
    'unsupported-content-type',
    `Content type '${contentType}' is not supported; expected application/x-protobuf; messageType=${EVENT_ENVELOPE_TYPE} or application/json`,
  );
}
