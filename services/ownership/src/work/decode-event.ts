import type { RecordedEvent } from '@baton/eventstore';
import type { IncomingMessage } from '@baton/messaging';

/**
 * A bus message back as the recorded event it was relayed from. Relays publish the JSON format
 * of `jsonEventMapper` until the protobuf EventEnvelope mapping (libs/event-wire) is wired in.
 */
export function decodeEvent(message: IncomingMessage): RecordedEvent {
  const raw = JSON.parse(message.value.toString('utf8')) as Record<string, unknown>;
  return {
    ...(raw as unknown as RecordedEvent),
    globalPosition: BigInt(raw['globalPosition'] as string),
    occurredAt: new Date(raw['occurredAt'] as string),
    recordedAt: new Date(raw['recordedAt'] as string),
  };
}
