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
  if (rest.length === 0) return { ...data, [head]: REDACTED };
  const inner: JsonValue | undefined = data[head];
  if (typeof inner !== 'object' || inner === null || Array.isArray(inner)) return data;
  const redacted = redactNested(inner as DataRecord, rest);
  return redacted === inner ? data : { ...data, [head]: redacted };
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
    if (Object.hasOwn(result, name)) result = { ...result, [name]: REDACTED };
    else if (name.includes('.')) result = redactNested(result, name.split('.'));
  }
  return result;
}

/** The keys of instance events that carry instance data (InstanceStarted/Completed, StepCompleted, TriggerCorrelated). */
const DATA_KEYS = ['data', 'output', 'payload'] as const;

/**
 * An instance event's payload with its data redacted (`data`, `output`, `payload`), every other
 * key as it was. For the readers outside the instance's own API: audit trails, exports, logs.
 */
export function redactEventData<T extends object>(fields: ReadonlySet<string>, payload: T): T {
  if (fields.size === 0) return payload;
  let result = payload;
  for (const key of DATA_KEYS) {
    const value: unknown = (result as Record<string, unknown>)[key];
    if (typeof value !== 'object' || value === null || Array.isArray(value)) continue;
    const redacted = redactData(fields, value as DataRecord);
    if (redacted !== value) result = { ...result, [key]: redacted };
  }
  return result;
}
