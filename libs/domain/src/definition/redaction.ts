import type { DataField, ProcessDefinition } from './model';
import type { DataRecord, JsonValue } from '../shared/data';

/**
 * What a sensitive field's value becomes wherever data leaves the instance's own API (logs,
 * traces, audit trails, exports, dead letters). The key stays, so a reader knows the field exists.
 */
export const REDACTED = '[redacted]';

/** Every field a definition declares, wherever it is declared (trigger, data, outputs, contracts). */
function declaredFields(definition: ProcessDefinition): DataField[] {
  return [
    ...definition.triggers.flatMap((trigger) => trigger.requires),
    ...definition.data,
    ...definition.steps.flatMap((step) => [
      ...step.outputs,
      ...(step.kind === 'wait-for-event' ? step.requires : []),
    ]),
    ...definition.handoffs.flatMap((handoff) => handoff.data ?? []),
  ];
}

/**
 * The names of the fields marked `sensitive` anywhere in the definition: one declaration is
 * enough (a trigger may list `salary` plainly while a step output marks it).
 */
export function sensitiveFields(definition: ProcessDefinition): ReadonlySet<string> {
  return new Set(
    declaredFields(definition)
      .filter((field) => field.sensitive)
      .map((field) => field.name),
  );
}

/** Replaces the value at a dotted path inside nested objects, copying only the objects on the way. */
function redactNested(data: DataRecord, path: readonly string[]): DataRecord {
  const [head, ...rest] = path;
  if (head === undefined || !Object.hasOwn(data, head)) return data;
  if (rest.length === 0) return { ...{}, ...data, [head]: REDACTED };
  const inner: JsonValue | undefined = data[head];
  if (typeof inner !== 'object' || inner === null || Array.isArray(inner)) return data;
  const redacted = redactNested(inner as DataRecord, rest);
  return redacted === inner ? data : { ...{}, ...data, [head]: redacted };
}

/**
 * Instance data (or step output, or trigger payload) with the values of sensitive fields
 * replaced by `REDACTED`. A field is found under its name as a key (`customer.email` as written)
 * or, for a dotted name, along nested objects. Returns `data` itself when nothing was sensitive,
 * so callers pay nothing for definitions without sensitive fields.
 */
export function redactData(fields: ProcessDefinition | ReadonlySet<string>, data: DataRecord): DataRecord {
  const names = fields instanceof Set ? fields : sensitiveFields(fields as ProcessDefinition);
  let result = data;
  for (const name of names) {
    if (Object.hasOwn(result, name)) result = { ...{}, ...result, [name]: REDACTED };
    else if (name.includes('.')) result = redactNested(result, name.split('.'));
  }
  return result;
}

/** What to redact in the events of instances of one definition version. */
export interface Redaction {
  /** The names of its sensitive fields. */
  readonly fields: ReadonlySet<string>;
  /**
   * A sensitive field is a correlation key (lint `sensitive-field-exposed` warns): the values
   * copied out of the data, business keys and correlated keys, are redacted too.
   */
  readonly keys: boolean;
  /** Every data value: the definition version is not known, so nothing can be shown as harmless. */
  readonly all?: true;
}

/** Nothing to redact. */
export const NO_REDACTION: Redaction = { fields: new Set(), keys: false };

/** For instances whose definition version is unknown: every data value and key is redacted. */
export const REDACT_ALL: Redaction = { fields: new Set(), keys: true, all: true };

const everyValue = (data: DataRecord): DataRecord =>
  Object.fromEntries(Object.keys(data).map((key) => [key, REDACTED]));

/** The redaction of a definition version's instances. */
export function redactionOf(definition: ProcessDefinition): Redaction {
  const fields = sensitiveFields(definition);
  if (fields.size === 0) return NO_REDACTION;
  const correlationKeys = [
    ...definition.triggers.map((trigger) => trigger.correlationKey),
    ...definition.steps.flatMap((step) => (step.kind === 'wait-for-event' ? [step.correlationKey] : [])),
    ...definition.handoffs.flatMap((handoff) =>
      handoff.trigger?.kind === 'event' ? [handoff.trigger.correlationKey] : [],
    ),
  ];
  return { fields, keys: correlationKeys.some((key) => fields.has(key)) };
}

/** The keys of instance events that carry instance data (InstanceStarted/Completed, StepCompleted, TriggerCorrelated). */
const DATA_KEYS = ['data', 'output', 'payload'] as const;

/** The keys of instance events that carry a correlation key's value (InstanceStarted, TriggerCorrelated). */
const KEY_KEYS = ['businessKey', 'correlationKey'] as const;

/**
 * An instance event's payload with its data redacted (`data`, `output`, `payload`) and, when a
 * correlation key is sensitive, its `businessKey` and `correlationKey`; every other key as it was.
 * For the readers outside the instance's own API: audit trails, exports, logs. Returns `payload`
 * itself when nothing was redacted.
 */
export function redactEventData<T extends object>(redaction: Redaction, payload: T): T {
  if (redaction.fields.size === 0 && !redaction.all) return payload;
  let result = payload;
  for (const key of DATA_KEYS) {
    const value: unknown = (result as Record<string, unknown>)[key];
    if (typeof value !== 'object' || value === null || Array.isArray(value)) continue;
    const data = value as DataRecord;
    const redacted = redaction.all
      ? Object.keys(data).length > 0
        ? everyValue(data)
        : data
      : redactData(redaction.fields, data);
    if (redacted !== value) result = { ...{}, ...result, [key]: redacted };
  }
  if (redaction.keys) {
    for (const key of KEY_KEYS) {
      if (typeof (result as Record<string, unknown>)[key] === 'string')
        result = { ...{}, ...result, [key]: REDACTED };
    }
  }
  return result;
}

/** The values at a field's name (as a key, or along nested objects for a dotted name). */
function valuesAt(data: DataRecord, name: string): JsonValue[] {
  if (Object.hasOwn(data, name)) return [data[name] as JsonValue];
  let value: JsonValue | undefined = data;
  for (const part of name.split('.')) {
    if (typeof value !== 'object' || value === null || Array.isArray(value) || !Object.hasOwn(value, part))
      return [];
    value = (value as DataRecord)[part];
  }
  return value === undefined ? [] : [value];
}

/** Shorter forms would match ordinary words of a message; a quoted string is always searched. */
const MIN_SEARCHED = 4;

/**
 * A message with the sensitive values of `data` replaced by `REDACTED`. Error messages quote
 * values (`got "2026-13-45"`), and some travel where data must not: dead-letter reasons, logs,
 * span events. Each value is searched as JSON and, for strings and numbers, as written; forms
 * shorter than four characters are searched only as quoted JSON.
 */
export function redactText(redaction: Redaction, data: DataRecord, text: string): string {
  const names = redaction.all ? Object.keys(data) : [...redaction.fields];
  const forms = new Set<string>();
  for (const name of names) {
    for (const value of valuesAt(data, name)) {
      if (value === null) continue;
      const json = JSON.stringify(value);
      if (json.length >= MIN_SEARCHED || typeof value === 'string') forms.add(json);
      if (typeof value === 'string' || typeof value === 'number') forms.add(String(value));
    }
  }
  let result = text;
  // Longest first: a value inside another is replaced after the one containing it.
  for (const form of [...forms].sort((a, b) => b.length - a.length)) {
    if (form.length >= MIN_SEARCHED || form.startsWith('"')) result = result.split(form).join(REDACTED);
  }
  return result;
}
