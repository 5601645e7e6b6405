import { commonV1, executionV1, packAny, typeUrlOf } from '@baton/contracts';
import { decodeEnvelope, encodeEnvelope } from './envelope';
import { MalformedMessageError, UnmappedEventTypeError } from './errors';
import { runReferenceProcess, troubledRun } from './test-support/reference-run';
import { aRecordedEvent, recorded } from './test-support/recorded-events';
import { samples } from './test-support/samples';

function rejection(run: () => unknown): MalformedMessageError {
  try {
    run();
  } catch (error) {
    if (error instanceof MalformedMessageError) return error;
    throw error;
  }
  throw new Error('expected a MalformedMessageError');
}

const reEncoded = (patch: Partial<commonV1.EventEnvelope>) =>
  commonV1.EventEnvelope.encode({
    ...commonV1.EventEnvelope.decode(encodeEnvelope(aRecordedEvent())),
    ...patch,
  }).finish();

describe('EventEnvelope', () => {
  describe('for a stored event with every metadata field', () => {
    const event = aRecordedEvent();
    const bytes = encodeEnvelope(event);
    const envelope = commonV1.EventEnvelope.decode(bytes);

    it('writes the envelope fields, positions as decimal strings', () => {
      expect(envelope).toMatchObject({
        eventId: event.eventId,
        type: 'StepAssigned',
        streamId: event.streamId,
        streamVersion: '3',
        globalPosition: '9007199254740993',
        occurredAt: event.occurredAt,
        recordedAt: event.recordedAt,
        tenantId: 'acme',
        correlationId: 'corr-1',
        causationId: 'cmd-9',
        actor: { type: commonV1.ActorType.ACTOR_TYPE_UNSPECIFIED, id: 'alice', displayName: '' },
        traceparent: event.metadata.traceparent,
        schemaVersion: 1,
        idempotencyKey: 'idem-1',
      });
    });

    it('packs the data message named by the type', () => {
      expect(envelope.data?.typeUrl).toBe(typeUrlOf('baton.execution.v1.StepAssigned'));
      expect(executionV1.StepAssigned.decode(envelope.data?.value ?? new Uint8Array())).toEqual({
        instanceId: 'instance-0193a6f2-7c1e-7d4a-9b1e-2f0c5a1d3e4f',
        activationId: 'confirm-terms#1',
        stepId: 'confirm-terms',
        personId: 'sam',
        teamId: 'sales',
        reason: 'round-robin in sales',
      });
    });

    it('decodes back to the same event', () => {
      expect(decodeEnvelope(bytes)).toStrictEqual(event);
    });
  });

  it('round-trips an event with no metadata and a later schema version', () => {
    const event = aRecordedEvent({ metadata: {}, schemaVersion: 2, streamVersion: 1, globalPosition: 0n });
    expect(decodeEnvelope(encodeEnvelope(event))).toStrictEqual(event);
  });

  it('round-trips the largest int64 position', () => {
    const event = aRecordedEvent({ globalPosition: 9_223_372_036_854_775_807n });
    expect(decodeEnvelope(encodeEnvelope(event)).globalPosition).toBe(9_223_372_036_854_775_807n);
  });

  it.each(Object.entries(samples))('round-trips every %s sample inside an envelope', (type, list) => {
    list.forEach((data, i) => {
      const event = aRecordedEvent({ type, data, streamVersion: i + 1 });
      expect(decodeEnvelope(encodeEnvelope(event))).toStrictEqual(event);
    });
  });

  describe('for events the decider records in the reference processes', () => {
    const runs = [
      'order-to-cash',
      'budget-approval',
      'client-lifecycle',
      'employee-onboarding',
      'vendor-management',
    ];
    const streamOf = (events: ReturnType<typeof runReferenceProcess>) =>
      events.map((e, i) => recorded(e, 'instance-0193a6f2', i + 1));

    it.each(runs)('round-trips a diligent run of %s exactly, join arrival times included', (name) => {
      const stream = streamOf(runReferenceProcess(name));
      expect(stream.length).toBeGreaterThan(10);
      for (const event of stream) expect(decodeEnvelope(encodeEnvelope(event))).toStrictEqual(event);
    });

    it.each(runs)('round-trips a troubled run of %s exactly', (name) => {
      for (const ending of ['fail', 'cancel'] as const) {
        for (const event of streamOf(troubledRun(name, ending))) {
          expect(decodeEnvelope(encodeEnvelope(event))).toStrictEqual(event);
        }
      }
    });

    it('covers every execution event but TriggerRejected between them', () => {
      const types = new Set(
        runs
          .flatMap((name) => [
            ...runReferenceProcess(name),
            ...troubledRun(name, 'fail'),
            ...troubledRun(name, 'cancel'),
          ])
          .map((e) => e.type),
      );
      expect([...types].sort()).toEqual(
        [
          'InstanceCancelled',
          'InstanceCompleted',
          'InstanceFailed',
          'InstanceStarted',
          'StepActivated',
          'StepAssigned',
          'StepCompleted',
          'StepEscalated',
          'StepFailed',
          'StepOverdue',
          'StepReassigned',
          'StepStarted',
          'TriggerCorrelated',
        ].sort(),
      );
    });
  });

  describe('refuses', () => {
    it('to encode an event type with no wire message', () => {
      expect(() => encodeEnvelope(aRecordedEvent({ type: 'SnapshotTaken' }))).toThrow(UnmappedEventTypeError);
    });

    it('bytes that are not an envelope', () => {
      expect(rejection(() => decodeEnvelope(Buffer.from([0x0a, 0xff, 0x01]))).reason).toBe('undecodable');
    });

    it('an unknown event type', () => {
      expect(rejection(() => decodeEnvelope(reEncoded({ type: 'SnapshotTaken' }))).reason).toBe(
        'unknown-event-type',
      );
    });

    it('data of another type than the event type names', () => {
      const data = packAny(executionV1.StepStarted, executionV1.StepStarted.fromPartial({ stepId: 's' }));
      const error = rejection(() => decodeEnvelope(reEncoded({ data })));
      expect(error.reason).toBe('data-type-mismatch');
      expect(error.message).toBe(
        'StepAssigned must carry baton.execution.v1.StepAssigned, not baton.execution.v1.StepStarted',
      );
    });

    it('data bytes that do not decode', () => {
      const data = {
        typeUrl: typeUrlOf('baton.execution.v1.StepAssigned'),
        value: Buffer.from([0x0a, 0xff]),
      };
      expect(rejection(() => decodeEnvelope(reEncoded({ data }))).reason).toBe('undecodable');
    });

    it.each([
      ['no data', { data: undefined }, 'data is required'],
      ['no event id', { eventId: '' }, 'eventId is required'],
      ['no occurrence time', { occurredAt: undefined }, 'occurredAt is required'],
      [
        'a stream version beyond 2^53',
        { streamVersion: '9007199254740993' },
        'streamVersion is out of range',
      ],
      ['a negative stream version', { streamVersion: '-1' }, 'streamVersion is out of range'],
    ] as const)('an envelope with %s', (_name, patch, message) => {
      const error = rejection(() => decodeEnvelope(reEncoded(patch)));
      expect(error.reason).toBe('invalid-field');
      expect(error.message).toContain(message);
      expect(error.code).toBe('EVENT_WIRE.MALFORMED_MESSAGE');
    });
  });
});
