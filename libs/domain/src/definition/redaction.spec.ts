import { parseDefinitionYaml } from './parse';
import { serializeDefinitionYaml } from './serialize';
import type { ProcessDefinition } from './model';
import {
  NO_REDACTION,
  REDACT_ALL,
  REDACTED,
  redactData,
  redactEventData,
  redactionOf,
  redactText,
  sensitiveFields,
} from './redaction';

const source = `
id: onboarding
name: Onboarding
category: support
trigger:
  event: hr.offer.signed
  correlationKey: candidateId
  requires: [{ name: salary, type: number, sensitive: true }, startDate]
data: [{ name: bank.iban, sensitive: true }, { name: notes, sensitive: false }]
steps:
  - id: payroll
    owner: { team: payroll }
    deadline: P1D
    outputs: [{ name: taxId, sensitive: true }, employeeNumber]
  - id: badge
    kind: wait-for-event
    event: facilities.badge.issued
    correlationKey: candidateId
    requires: [{ name: badgePin, sensitive: true }]
handoffs:
  - { from: start, to: payroll, owner: { role: hr }, data: [{ name: medicalNote, type: string, sensitive: true }] }
  - { from: payroll, to: badge, owner: { role: hr } }
  - { from: badge, to: end }
`;

function definition(): ProcessDefinition {
  const result = parseDefinitionYaml(source);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.definition;
}

describe('Sensitive data fields', () => {
  it('are collected from trigger requirements, process data, step outputs, waits and handoff contracts', () => {
    expect([...sensitiveFields(definition())].sort()).toEqual([
      'badgePin',
      'bank.iban',
      'medicalNote',
      'salary',
      'taxId',
    ]);
  });

  it('keep the flag through YAML serialization and drop `sensitive: false`', () => {
    const yaml = serializeDefinitionYaml(definition());
    expect(yaml).toContain('sensitive: true');
    expect(yaml).not.toContain('sensitive: false');
    const again = parseDefinitionYaml(yaml);
    expect(again.ok && [...sensitiveFields(again.definition)].sort()).toEqual(
      [...sensitiveFields(definition())].sort(),
    );
    const notes = definition().data.find((field) => field.name === 'notes');
    expect(notes).toEqual({ name: 'notes', type: 'string' });
  });

  it('are refused when the flag is not a boolean', () => {
    const result = parseDefinitionYaml(
      source.replace('sensitive: true }, startDate', 'sensitive: yes-please }, startDate'),
    );
    expect(result.ok).toBe(false);
  });
});

describe('redactData', () => {
  it('replaces the values of sensitive fields and keeps their keys and every other value', () => {
    const data = {
      candidateId: 'c-1',
      salary: 91000,
      startDate: '2027-01-04',
      taxId: { country: 'DE', id: '12' },
    };
    expect(redactData(definition(), data)).toEqual({
      candidateId: 'c-1',
      salary: REDACTED,
      startDate: '2027-01-04',
      taxId: REDACTED,
    });
    expect(data.salary).toBe(91000);
  });

  it('finds a dotted name as a key or along nested objects', () => {
    expect(redactData(definition(), { 'bank.iban': 'DE89 3704' })).toEqual({ 'bank.iban': REDACTED });
    expect(redactData(definition(), { bank: { iban: 'DE89 3704', name: 'GLS' } })).toEqual({
      bank: { iban: REDACTED, name: 'GLS' },
    });
    expect(redactData(definition(), { bank: 'not an object' })).toEqual({ bank: 'not an object' });
  });

  it('redacts null and falsy values too (their presence is all a reader learns)', () => {
    expect(redactData(definition(), { salary: 0, taxId: null })).toEqual({
      salary: REDACTED,
      taxId: REDACTED,
    });
  });

  it('returns the same object when nothing is sensitive', () => {
    const data = { candidateId: 'c-1', startDate: '2027-01-04' };
    expect(redactData(definition(), data)).toBe(data);
    expect(redactData(new Set<string>(), { salary: 1 })).toEqual({ salary: 1 });
  });
});

describe('redactEventData', () => {
  const redaction = redactionOf(definition());

  it('redacts the data of InstanceStarted, StepCompleted and TriggerCorrelated payloads', () => {
    expect(redaction.keys).toBe(false);
    expect(
      redactEventData(redaction, {
        instanceId: 'i',
        businessKey: 'c-1',
        data: { salary: 1, candidateId: 'c-1' },
      }),
    ).toEqual({
      instanceId: 'i',
      businessKey: 'c-1',
      data: { salary: REDACTED, candidateId: 'c-1' },
    });
    expect(
      redactEventData(redaction, { stepId: 'payroll', output: { taxId: 'T-9', employeeNumber: 7 } }),
    ).toEqual({
      stepId: 'payroll',
      output: { taxId: REDACTED, employeeNumber: 7 },
    });
    expect(redactEventData(redaction, { correlationKey: 'c-1', payload: { badgePin: '4711' } })).toEqual({
      correlationKey: 'c-1',
      payload: { badgePin: REDACTED },
    });
  });

  it('redacts business and correlation keys when a correlation key is sensitive', () => {
    const byPin = parseDefinitionYaml(source.replace(/candidateId/g, 'badgePin'));
    if (!byPin.ok) throw new Error(JSON.stringify(byPin.errors));
    const keys = redactionOf(byPin.definition);
    expect(keys.keys).toBe(true);
    expect(redactEventData(keys, { businessKey: '4711', data: { badgePin: '4711' } })).toEqual({
      businessKey: REDACTED,
      data: { badgePin: REDACTED },
    });
    expect(redactEventData(keys, { correlationKey: '4711', triggerType: 't' })).toEqual({
      correlationKey: REDACTED,
      triggerType: 't',
    });
  });

  it('redacts every data value and key when the definition version is unknown (REDACT_ALL)', () => {
    expect(
      redactEventData(REDACT_ALL, { businessKey: 'k', data: { a: 1, b: { c: 2 } }, stepId: 's' }),
    ).toEqual({
      businessKey: REDACTED,
      data: { a: REDACTED, b: REDACTED },
      stepId: 's',
    });
    const empty = { output: {} };
    expect(redactEventData(REDACT_ALL, empty)).toBe(empty);
  });

  it('leaves events without data untouched, and everything when nothing is sensitive', () => {
    const event = { stepId: 'payroll', personId: 'p-1', reason: 'round-robin' };
    expect(redactEventData(redaction, event)).toBe(event);
    const started = { businessKey: 'k', data: { salary: 1 } };
    expect(redactEventData(NO_REDACTION, started)).toBe(started);
  });
});

describe('redactText', () => {
  const redaction = redactionOf(definition());

  it('replaces the sensitive values a message quotes, as JSON and as written', () => {
    const data = { salary: 91000, taxId: 'T-4711', candidateId: 'c-1', bank: { iban: 'DE89 3704' } };
    expect(
      redactText(
        redaction,
        data,
        'salary must be a string, got 91000; taxId "T-4711" (T-4711) and DE89 3704 for c-1',
      ),
    ).toBe('salary must be a string, got [redacted]; taxId [redacted] ([redacted]) and [redacted] for c-1');
  });

  it('searches short values only as quoted JSON, so ordinary words survive', () => {
    expect(redactText(redaction, { salary: 7, taxId: 'ab' }, 'step 7 of v7: got "ab" in tab')).toBe(
      'step 7 of v7: got [redacted] in tab',
    );
  });

  it('searches every value when the definition version is unknown', () => {
    expect(redactText(REDACT_ALL, { any: 'secret-value' }, 'bad secret-value')).toBe('bad [redacted]');
    expect(redactText(NO_REDACTION, { any: 'secret-value' }, 'bad secret-value')).toBe('bad secret-value');
  });
});
