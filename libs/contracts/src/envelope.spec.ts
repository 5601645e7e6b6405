import { commonV1, executionV1, googleProtobuf, packAny, typeUrlOf, unpackAny, unpackAnyAs } from './index';

const beyondDoublePrecision = '9007199254740993'; // 2^53 + 1: a JS number would round it
const maxInt64 = '9223372036854775807';

function present<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('expected a value');
  return value;
}

function aStepCompleted(overrides: Partial<executionV1.StepCompleted> = {}): executionV1.StepCompleted {
  return executionV1.StepCompleted.fromPartial({
    instanceId: '0193a6f2-7c1e-7d4a-9b1e-2f0c5a1d3e4f',
    activationId: 'act-3',
    stepId: 'legal-review',
    outcome: 'approved',
    output: { contract: { id: 'C-17', value: 12500.5 }, signed: true, notes: null, tags: ['nda'] },
    personId: 'alice',
    ...overrides,
  });
}

function anEnvelope(data: googleProtobuf.Any): commonV1.EventEnvelope {
  return commonV1.EventEnvelope.fromPartial({
    eventId: '0193a6f2-7c1e-7d4a-9b1e-2f0c5a1d3e50',
    type: 'StepCompleted',
    streamId: 'instance-0193a6f2-7c1e-7d4a-9b1e-2f0c5a1d3e4f',
    streamVersion: beyondDoublePrecision,
    globalPosition: maxInt64,
    occurredAt: new Date('2026-03-01T09:30:00.123Z'),
    recordedAt: new Date('2026-03-01T09:30:00.456Z'),
    tenantId: 'acme',
    correlationId: 'corr-1',
    causationId: 'cmd-9',
    actor: { type: commonV1.ActorType.ACTOR_TYPE_PERSON, id: 'alice', displayName: 'Alice' },
    traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
    schemaVersion: 1,
    data,
    idempotencyKey: 'idem-1',
  });
}

describe('EventEnvelope', () => {
  describe('with StepCompleted packed in data', () => {
    const stepCompleted = aStepCompleted();
    const envelope = anEnvelope(packAny(executionV1.StepCompleted, stepCompleted));

    it('names the data message in the Any type_url', () => {
      expect(envelope.data?.typeUrl).toBe('type.googleapis.com/baton.execution.v1.StepCompleted');
      expect(envelope.data?.typeUrl).toBe(typeUrlOf(executionV1.StepCompleted.$type));
    });

    it('round-trips through binary encoding with 64-bit fields as exact strings', () => {
      const bytes = commonV1.EventEnvelope.encode(envelope).finish();
      const decoded = commonV1.EventEnvelope.decode(bytes);

      expect(decoded.streamVersion).toBe(beyondDoublePrecision);
      expect(decoded.globalPosition).toBe(maxInt64);
      expect(typeof decoded.streamVersion).toBe('string');
      expect(decoded.occurredAt).toEqual(new Date('2026-03-01T09:30:00.123Z'));
      expect(decoded).toEqual(envelope);
      expect(unpackAnyAs(present(decoded.data), executionV1.StepCompleted)).toEqual(stepCompleted);
    });

    it('unpacks the data by registry lookup', () => {
      const { typeName, message } = unpackAny(present(envelope.data));
      expect(typeName).toBe('baton.execution.v1.StepCompleted');
      expect(message).toEqual(stepCompleted);
    });

    it('round-trips through the protobuf JSON mapping the store keeps', () => {
      const json = JSON.parse(JSON.stringify(commonV1.EventEnvelope.toJSON(envelope)));

      expect(json.streamVersion).toBe(beyondDoublePrecision);
      expect(json.occurredAt).toBe('2026-03-01T09:30:00.123Z');
      expect(json.data['@type']).toBe('type.googleapis.com/baton.execution.v1.StepCompleted');
      expect(json.data.output.contract.value).toBe(12500.5);
      expect(commonV1.EventEnvelope.fromJSON(json)).toEqual(envelope);
    });
  });

  it('refuses to unpack data as the wrong type', () => {
    const data = packAny(executionV1.StepStarted, executionV1.StepStarted.fromPartial({ stepId: 's' }));
    expect(() => unpackAnyAs(data, executionV1.StepCompleted)).toThrow(
      'Any holds baton.execution.v1.StepStarted, expected baton.execution.v1.StepCompleted',
    );
  });

  it('refuses to unpack an unregistered type', () => {
    expect(() => unpackAny({ typeUrl: 'type.googleapis.com/acme.Unknown', value: Buffer.alloc(0) })).toThrow(
      'acme.Unknown',
    );
  });

  it('encodes stream_version as a varint int64 on field 4, not as a double', () => {
    const bytes = commonV1.EventEnvelope.encode(
      commonV1.EventEnvelope.fromPartial({ streamVersion: beyondDoublePrecision }),
    ).finish();
    // tag (4 << 3 | 0) = 0x20, then 2^53 + 1 as a base-128 varint.
    expect(Buffer.from(bytes).toString('hex')).toBe('20' + '8180808080808010');
  });
});
