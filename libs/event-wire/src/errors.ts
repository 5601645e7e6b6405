/** Why a message or envelope could not be read as a Baton event. */
export type MalformedReason =
  /** No `content-type` header. */
  | 'missing-content-type'
  /** A content type other than the protobuf EventEnvelope or the relay's JSON. */
  | 'unsupported-content-type'
  /** The bytes are not an EventEnvelope (or not JSON). */
  | 'undecodable'
  /** An event type Baton has no data mapper for. */
  | 'unknown-event-type'
  /** The `data` Any holds another message than the event type names. */
  | 'data-type-mismatch'
  /** A field is missing or has a value the domain cannot hold. */
  | 'invalid-field'
  /** The `event-type` or `event-id` header disagrees with the envelope. */
  | 'header-mismatch';

/**
 * A message (or envelope) that is not a readable Baton event. Consumers dead-letter it: retrying
 * cannot help. `reason` is stable and machine-readable; the message says what was wrong.
 */
export class MalformedMessageError extends Error {
  readonly code = 'EVENT_WIRE.MALFORMED_MESSAGE';

  constructor(
    readonly reason: MalformedReason,
    message: string,
    options?: { readonly cause?: unknown },
  ) {
    super(message, options);
    this.name = 'MalformedMessageError';
  }
}

/** A field the domain cannot hold: missing, or a value outside its type. */
export function invalidField(field: string, problem: string): MalformedMessageError {
  return new MalformedMessageError('invalid-field', `${field} ${problem}`);
}

/** An event type with no wire mapping (internal events must not reach a public topic). */
export class UnmappedEventTypeError extends Error {
  readonly code = 'EVENT_WIRE.UNMAPPED_EVENT_TYPE';

  constructor(readonly eventType: string) {
    super(
      `Event type ${eventType} has no wire mapping; map it in libs/event-wire or keep it off public topics`,
    );
    this.name = 'UnmappedEventTypeError';
  }
}
