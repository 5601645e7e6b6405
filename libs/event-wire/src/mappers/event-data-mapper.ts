import type { MessageType } from '@baton/contracts';
import type { Millis } from '@baton/domain';

/** What a data mapper may read from the envelope around the data. */
export interface WireContext {
  /** The event's business time (the envelope's `occurredAt`). */
  readonly occurredAt: Millis;
  /** The causing command's idempotency key (envelope metadata), for messages that repeat it. */
  readonly idempotencyKey?: string;
}

/**
 * One event type's data: the JSON the event store keeps (`Data`) ⇄ its generated wire message.
 * `toDomain(toWire(data))` equals `data`, except for the fields listed in `WIRE_GAPS`.
 */
export interface EventDataMapper<Data, Message> {
  readonly messageType: MessageType<Message>;
  toWire(data: Data, context: WireContext): Message;
  /** Throws `MalformedMessageError` ('invalid-field') for values the domain cannot hold. */
  toDomain(message: Message, context: WireContext): Data;
}
