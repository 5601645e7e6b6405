import { commonV1, TRIGGERS_DLQ_TOPIC, TRIGGERS_TOPIC } from './index';

function aTrigger(overrides: Partial<commonV1.TriggerEvent> = {}): commonV1.TriggerEvent {
  return commonV1.TriggerEvent.fromPartial({
    type: 'hr.offer.signed',
    correlationKey: 'offer-4711',
    idempotencyKey: 'hr-system:offer-4711:signed',
    occurredAt: new Date('2026-02-14T08:00:00Z'),
    payload: {
      offerId: 'offer-4711',
      startDate: '2026-04-01',
      salary: 72000,
      remote: false,
      manager: { personId: 'bob', teams: ['engineering', 'platform'] },
      referral: null,
    },
    tenantId: 'acme',
    source: 'hr-system',
    ...overrides,
  });
}

describe('TriggerEvent', () => {
  it('round-trips a Struct payload with nested objects, lists, numbers, booleans and null', () => {
    const trigger = aTrigger();
    const decoded = commonV1.TriggerEvent.decode(commonV1.TriggerEvent.encode(trigger).finish());

    expect(decoded).toEqual(trigger);
    expect(decoded.payload?.['manager']).toEqual({ personId: 'bob', teams: ['engineering', 'platform'] });
    expect(decoded.payload?.['referral']).toBeNull();
  });

  it('round-trips through JSON with the payload as plain JSON', () => {
    const json = JSON.parse(JSON.stringify(commonV1.TriggerEvent.toJSON(aTrigger())));

    expect(json.payload.salary).toBe(72000);
    expect(json.occurredAt).toBe('2026-02-14T08:00:00.000Z');
    expect(commonV1.TriggerEvent.fromJSON(json)).toEqual(aTrigger());
  });

  it('keeps an absent payload absent', () => {
    const decoded = commonV1.TriggerEvent.decode(
      commonV1.TriggerEvent.encode(aTrigger({ payload: undefined })).finish(),
    );
    expect(decoded.payload).toBeUndefined();
  });

  it('is published on the triggers topic, with a separate dead-letter topic', () => {
    expect(TRIGGERS_TOPIC).toBe('baton.triggers.v1');
    expect(TRIGGERS_DLQ_TOPIC).toBe('baton.triggers.dlq.v1');
  });
});
