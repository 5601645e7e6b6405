import type { RecordedEvent } from '@baton/eventstore';

const OCCURRED = new Date('2026-01-05T09:30:00.123Z');

/** A stored event with every metadata field set; override any field. */
export function aRecordedEvent(overrides: Partial<RecordedEvent> = {}): RecordedEvent {
  return {
    eventId: '0193a6f2-7c1e-7d4a-9b1e-2f0c5a1d3e50',
    type: 'StepAssigned',
    streamId: 'instance-0193a6f2-7c1e-7d4a-9b1e-2f0c5a1d3e4f',
    streamVersion: 3,
    globalPosition: 9_007_199_254_740_993n,
    occurredAt: OCCURRED,
    recordedAt: new Date('2026-01-05T09:30:00.456Z'),
    data: {
      instanceId: 'instance-0193a6f2-7c1e-7d4a-9b1e-2f0c5a1d3e4f',
      activationId: 'confirm-terms#1',
      stepId: 'confirm-terms',
      personId: 'sam',
      teamId: 'sales',
      reason: 'round-robin in sales',
    },
    metadata: {
      tenantId: 'acme',
      correlationId: 'corr-1',
      causationId: 'cmd-9',
      actor: 'alice',
      traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
      idempotencyKey: 'idem-1',
    },
    schemaVersion: 1,
    ...overrides,
  };
}

/** A domain event as the service kit stores it (data as is, `at` as occurredAt). */
export function recorded(
  event: {
    readonly type: string;
    readonly data: unknown;
    readonly at: number;
    readonly idempotencyKey?: string;
  },
  streamId: string,
  streamVersion: number,
): RecordedEvent {
  return aRecordedEvent({
    type: event.type,
    data: event.data,
    streamId,
    streamVersion,
    globalPosition: BigInt(1000 + streamVersion),
    occurredAt: new Date(event.at),
    recordedAt: new Date(event.at + 5),
    metadata: {
      tenantId: 'acme',
      actor: 'driver',
      ...(event.idempotencyKey ? { idempotencyKey: event.idempotencyKey } : {}),
    },
  });
}
