import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  instance,
  parseDefinitionYaml,
  type DataField,
  type DataRecord,
  type JsonValue,
  type ProcessDefinition,
} from '@baton/domain';

// Runs the instance decider over a reference process (examples/*.yaml) with diligent participants,
// so wire tests see events exactly as the domain records them. Pure: no clock, no randomness.

export const T0 = Date.UTC(2026, 0, 5, 9);
export const HOUR = 3_600_000;

export function loadReferenceProcess(name: string): ProcessDefinition {
  const source = readFileSync(join(__dirname, '..', '..', '..', '..', 'examples', `${name}.yaml`), 'utf8');
  const parsed = parseDefinitionYaml(source);
  if (!parsed.ok) throw new Error(`examples/${name}.yaml does not parse`);
  return parsed.definition;
}

const sampleValue = (field: DataField): JsonValue => {
  switch (field.type) {
    case 'string':
      return `${field.name}-1`;
    case 'number':
      return 1250.5;
    case 'integer':
      return 3;
    case 'boolean':
      return true;
    case 'date':
      return '2026-02-05';
    case 'timestamp':
      return '2026-02-05T10:00:00.000Z';
    case 'object':
      return { note: 'filled', nested: { ok: true, tags: ['a', 'b'], none: null } };
    case 'list':
      return [{ sku: 'DESK-1', quantity: 4 }];
  }
};

export const sampleData = (fields: readonly DataField[]): DataRecord =>
  Object.fromEntries(fields.map((field) => [field.name, sampleValue(field)]));

type Command = instance.InstanceCommand;

function nextCommand(
  definition: ProcessDefinition,
  state: instance.InstanceState,
  now: number,
): Command | undefined {
  const metadata = { now, idempotencyKey: `cmd-${now}`, actor: 'driver' };
  if (state.status === 'not-started') {
    const trigger = definition.triggers[0];
    const data = sampleData([...(trigger?.requires ?? []), ...definition.data]);
    return {
      type: 'StartInstance',
      data: {
        instanceId: 'instance-0193a6f2',
        definition: { definition, version: 3 },
        businessKey: String(data[trigger?.correlationKey ?? ''] ?? 'BK-1'),
        data,
        ...(trigger ? { triggerType: trigger.event } : {}),
      },
      metadata,
    };
  }
  if (state.status !== 'running') return undefined;
  const activation = Object.values(state.activations)[0];
  if (!activation) {
    const trigger = instance.handoffsWaitingForEvent(state, definition)[0]?.trigger;
    if (trigger?.kind !== 'event') return undefined;
    const key = String(state.data[trigger.correlationKey] ?? 'none');
    return {
      type: 'CorrelateTrigger',
      data: { type: trigger.event, correlationKey: key, payload: {} },
      metadata,
    };
  }
  const step = definition.steps.find((s) => s.id === activation.stepId);
  const activationId = activation.activationId;
  if (step?.kind === 'timer') {
    return {
      type: 'FireTimer',
      data: { activationId },
      metadata: { ...metadata, now: Math.max(now, activation.dueAt ?? now) },
    };
  }
  if (step?.kind === 'wait-for-event') {
    const key = String(state.data[step.correlationKey] ?? 'none');
    const payload = sampleData(step.requires);
    return { type: 'CorrelateTrigger', data: { type: step.event, correlationKey: key, payload }, metadata };
  }
  if (activation.status === 'activated') {
    return { type: 'AssignStep', data: { activationId, personId: 'pat', reason: 'round-robin' }, metadata };
  }
  if (activation.status === 'assigned')
    return { type: 'StartStep', data: { activationId, personId: 'pat' }, metadata };
  const outcome = step?.kind === 'approval' ? step.outcomes[0] : undefined;
  const output = sampleData(step?.outputs ?? []);
  return {
    type: 'CompleteStep',
    data: { activationId, output, personId: 'pat', ...(outcome !== undefined ? { outcome } : {}) },
    metadata,
  };
}

/** Every event a diligent run of the process records, with the command's idempotency key. */
export function runReferenceProcess(name: string): instance.InstanceEvent[] {
  const definition = loadReferenceProcess(name);
  let state = instance.initialInstanceState();
  const events: instance.InstanceEvent[] = [];
  for (let i = 0, now = T0; i < 100; i++, now += HOUR) {
    let command = nextCommand(definition, state, now);
    if (command === undefined) break;
    let recorded: instance.InstanceEvent[];
    try {
      recorded = instance.decide(command, state, definition);
    } catch {
      command = {
        type: 'CancelInstance',
        data: { reason: 'driver gave up' },
        metadata: { now, idempotencyKey: 'cancel' },
      };
      recorded = instance.decide(command, state, definition);
    }
    events.push(...recorded);
    state = instance.evolveAll(state, recorded);
  }
  return events;
}

/**
 * A run where things go wrong: the first step is assigned, reassigned, goes overdue, escalates,
 * and then fails (or not) before the instance is cancelled if it is still running. Commands the decider refuses
 * record nothing.
 */
export function troubledRun(name: string, ending: 'fail' | 'cancel'): instance.InstanceEvent[] {
  const definition = loadReferenceProcess(name);
  let state = instance.initialInstanceState();
  const events: instance.InstanceEvent[] = [];
  const record = (command: Command) => {
    try {
      const recorded = instance.decide(command, state, definition);
      events.push(...recorded);
      state = instance.evolveAll(state, recorded);
    } catch {
      // Refused: nothing recorded.
    }
  };
  const start = nextCommand(definition, state, T0);
  if (start) record(start);
  const first = Object.values(state.status === 'running' ? state.activations : {})[0];
  if (!first) return events;
  const activationId = first.activationId;
  const late = (first.dueAt ?? T0 + HOUR) + HOUR;
  const meta = (now: number, key: string) => ({ metadata: { now, idempotencyKey: key, actor: 'ops' } });
  record({
    type: 'AssignStep',
    data: { activationId, personId: 'sam', reason: 'round-robin' },
    ...meta(T0 + 1, 'a'),
  });
  record({
    type: 'ReassignStep',
    data: { activationId, toPersonId: 'kim', reason: 'sam is away' },
    ...meta(T0 + 2, 'r'),
  });
  record({ type: 'MarkStepOverdue', data: { activationId }, ...meta(late, 'o') });
  record({
    type: 'EscalateStep',
    data: { activationId, level: 1, toPersonId: 'lena' },
    ...meta(late + 1, 'e'),
  });
  record({ type: 'StartStep', data: { activationId, personId: 'kim' }, ...meta(late + 2, 's') });
  if (ending === 'fail') {
    record({
      type: 'FailStep',
      data: { activationId, reason: 'ERP down', errorCode: 'ERP-503' },
      ...meta(late + 3, 'f'),
    });
  }
  record({ type: 'CancelInstance', data: { reason: 'customer withdrew' }, ...meta(late + 4, 'c') });
  return events;
}
