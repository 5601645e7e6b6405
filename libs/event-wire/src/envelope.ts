import { BinaryWriter } from '@bufbuild/protobuf/wire';
import { commonV1, packAny, typeNameOf } from '@baton/contracts';
import type { EventMetadata, RecordedEvent } from '@baton/eventstore';
import { invalidField, MalformedMessageError, UnmappedEventTypeError } from './errors';
import { dataMapperFor } from './mappers/event-mappers';
import { present, required } from './mappers/wire-values';

/** Fully qualified name of the message every event topic carries. */
export const EVENT_ENVELOPE_TYPE = commonV1.EventEnvelope.$type;

/**
 * One writer for every envelope: `finish()` hands out a copy and keeps the grown buffer (a fresh
 * writer would double its way up from 128 bytes for each event). Encoding is synchronous.
 */
const envelopeWriter = new BinaryWriter();

/**
 * A stored event as protobuf `baton.common.v1.EventEnvelope` bytes: `data` is an Any of the
 * event type's data message, positions are decimal strings. The free-form actor string becomes
 * an Actor of unspecified type with that id. Throws {@link UnmappedEventTypeError} for a type
 * with no wire message.
 */
export function encodeEnvelope(event: RecordedEvent): Buffer {
  const mapper = dataMapperFor(event.type);
  if (mapper === undefined) throw new UnmappedEventTypeError(event.type);
  const { metadata } = event;
  const message = mapper.toWire(event.data, {
    occurredAt: event.occurredAt.getTime(),
    ...(metadata.idempotencyKey === undefined ? {} : { idempotencyKey: metadata.idempotencyKey }),
  });
  // Every field set here (no fromPartial copy); the same bytes as before.
  const envelope: commonV1.EventEnvelope = {
    eventId: event.eventId,
    type: event.type,
    streamId: event.streamId,
    streamVersion: String(event.streamVersion),
    globalPosition: event.globalPosition.toString(),
    occurredAt: event.occurredAt,
    recordedAt: event.recordedAt,
    tenantId: metadata.tenantId ?? '',
    correlationId: metadata.correlationId ?? '',
    causationId: metadata.causationId ?? '',
    actor:
      metadata.actor === undefined
        ? undefined
        : { type: commonV1.ActorType.ACTOR_TYPE_UNSPECIFIED, id: metadata.actor, displayName: '' },
    traceparent: metadata.traceparent ?? '',
    schemaVersion: event.schemaVersion,
    data: packAny(mapper.messageType, message),
    idempotencyKey: metadata.idempotencyKey ?? '',
  };
  let bytes: Uint8Array;
  try {
    bytes = commonV1.EventEnvelope.encode(envelope, envelopeWriter).finish();
  } catch (error) {
    envelopeWriter.finish(); // a failed encoding must not leave its bytes for the next one
    throw error;
  }
  // `finish()` returned a fresh copy: the Buffer may share it.
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function decodeBytes<T>(what: string, decode: () => T): T {
  try {
    return decode();
  } catch (error) {
    throw new MalformedMessageError('undecodable', `${what} is not valid protobuf: ${String(error)}`, {
      cause: error,
    });
  }
}

function streamVersionOf(value: string): number {
  const version = Number(value);
  if (!Number.isSafeInteger(version) || version < 0)
    throw invalidField('streamVersion', `is out of range (${value})`);
  return version;
}

function metadataOf(envelope: commonV1.EventEnvelope): EventMetadata {
  return {
    ...{},
    ...present('tenantId', envelope.tenantId),
    ...present('correlationId', envelope.correlationId),
    ...present('causationId', envelope.causationId),
    ...present('actor', envelope.actor?.id ?? ''),
    ...present('traceparent', envelope.traceparent),
    ...present('idempotencyKey', envelope.idempotencyKey),
  };
}

/**
 * EventEnvelope bytes back as the stored event, with `data` as the domain JSON the store keeps.
 * Throws {@link MalformedMessageError} when the bytes are not an envelope of a known event type.
 */
export function decodeEnvelope(bytes: Uint8Array): RecordedEvent {
  const envelope = decodeBytes('EventEnvelope', () => commonV1.EventEnvelope.decode(bytes));
  const mapper = dataMapperFor(envelope.type);
  if (mapper === undefined) {
    throw new MalformedMessageError(
      'unknown-event-type',
      `Event type '${envelope.type}' is not a Baton event`,
    );
  }
  if (envelope.data === undefined) throw invalidField('data', 'is required');
  const dataType = typeNameOf(envelope.data.typeUrl);
  if (dataType !== mapper.messageType.$type) {
    throw new MalformedMessageError(
      'data-type-mismatch',
      `${envelope.type} must carry ${mapper.messageType.$type}, not ${dataType || '(no type)'}`,
    );
  }
  const { value } = envelope.data;
  const message = decodeBytes(dataType, () => mapper.messageType.decode(value));
  const occurredAt = envelope.occurredAt;
  if (occurredAt === undefined) throw invalidField('occurredAt', 'is required');
  if (envelope.recordedAt === undefined) throw invalidField('recordedAt', 'is required');
  const metadata = metadataOf(envelope);
  return {
    eventId: required('eventId', envelope.eventId),
    type: envelope.type,
    streamId: required('streamId', envelope.streamId),
    streamVersion: streamVersionOf(envelope.streamVersion),
    globalPosition: BigInt(envelope.globalPosition),
    occurredAt,
    recordedAt: envelope.recordedAt,
    data: mapper.toDomain(message, {
      occurredAt: occurredAt.getTime(),
      ...(metadata.idempotencyKey === undefined ? {} : { idempotencyKey: metadata.idempotencyKey }),
    }),
    metadata,
    // Proto3 cannot tell 0 from unset; shapes start at 1.
    schemaVersion: envelope.schemaVersion === 0 ? 1 : envelope.schemaVersion,
  };
}
