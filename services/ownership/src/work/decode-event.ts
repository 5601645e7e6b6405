import { decodeMessage } from '@baton/event-wire';
import type { RecordedEvent } from '@baton/eventstore';
import type { IncomingMessage } from '@baton/messaging';

/** A bus message back as the recorded event it was relayed from (protobuf or JSON; throws MalformedMessageError). */
export function decodeEvent(message: IncomingMessage): RecordedEvent {
  return decodeMessage(message);
}
