import type { EventMetadata, NewEvent, RecordedEvent } from '@baton/eventstore';
import type { CallContext } from '@baton/grpc-server';
import { v7 as uuidv7 } from 'uuid';

/** The shape of every domain event: a fact with business time and its command's key. */
export interface DomainEventLike {
  readonly type: string;
  readonly data: unknown;
  readonly at: number;
  readonly idempotencyKey?: string;
}

/** Envelope metadata of the events one command records. */
export interface RecordingContext extends CallContext {
  readonly correlationId?: string;
  readonly causationId?: string;
}

/** Domain events → events to append, with fresh UUIDv7 ids and the caller's metadata. */
export function toNewEvents(events: readonly DomainEventLike[], context: RecordingContext): NewEvent[] {
  return events.map((e) => {
    const metadata: EventMetadata = {
      tenantId: context.tenantId,
      actor: context.actor,
      ...(context.correlationId ? { correlationId: context.correlationId } : {}),
      ...(context.causationId ? { causationId: context.causationId } : {}),
      ...(context.traceparent ? { traceparent: context.traceparent } : {}),
      ...(e.idempotencyKey ? { idempotencyKey: e.idempotencyKey } : {}),
    };
    return { eventId: uuidv7(), type: e.type, data: e.data, occurredAt: new Date(e.at), metadata };
  });
}

/** A stored event back as the domain event it was recorded from. */
export function toDomainEvent<E extends DomainEventLike>(event: RecordedEvent): E {
  const key = event.metadata.idempotencyKey;
  return {
    type: event.type,
    data: event.data,
    at: event.occurredAt.getTime(),
    ...(key ? { idempotencyKey: key } : {}),
  } as E;
}
