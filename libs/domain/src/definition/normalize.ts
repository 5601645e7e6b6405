import { derivedExceptionId, derivedHandoffId } from './ids';
import type {
  AssignmentPolicy,
  DataField,
  ExceptionPath,
  Handoff,
  OwnerSpec,
  ProcessDefinition,
  StartTrigger,
  Step,
  StepBase,
} from './model';
import type { SourceDefinition } from './schema';
import type { SourceException, SourceHandoff } from './schema-handoffs';
import type { SourceStep } from './schema-steps';

/**
 * Turns a validated source into the model, applying the documented defaults: a step's name is its
 * id; teams and roles are assigned round-robin, persons and data-field owners directly, and a step
 * without owner by manual claim; lists default to empty; a join of several steps waits for all.
 */
export function normalizeDefinition(source: SourceDefinition): ProcessDefinition {
  const triggers = source.triggers ?? (source.trigger ? [source.trigger] : []);
  return {
    id: source.id,
    name: source.name ?? source.id,
    ...(source.description !== undefined ? { description: source.description } : {}),
    category: source.category,
    ...(source.owner ? { owner: source.owner } : {}),
    triggers: triggers.map(normalizeTrigger),
    data: source.data ?? [],
    steps: source.steps.map(normalizeStep),
    handoffs: (source.handoffs ?? []).map(normalizeHandoff),
    exceptions: (source.exceptions ?? []).map(normalizeException),
    waivers: source.waivers ?? [],
    labels: source.labels ?? {},
  };
}

function normalizeTrigger(trigger: NonNullable<SourceDefinition['trigger']>): StartTrigger {
  const requires: DataField[] = trigger.requires ?? [];
  const hasKey = requires.some((field) => field.name === trigger.correlationKey);
  return {
    event: trigger.event,
    correlationKey: trigger.correlationKey,
    requires: hasKey ? requires : [{ name: trigger.correlationKey, type: 'string' }, ...requires],
  };
}

export function defaultPolicy(owner: OwnerSpec | undefined): AssignmentPolicy {
  if (owner === undefined) return 'manual-claim';
  return owner.kind === 'team' || owner.kind === 'role' ? 'round-robin' : 'direct';
}

function normalizeStep(step: SourceStep): Step {
  const owner = step.owner?.spec;
  const base: StepBase = {
    id: step.id,
    name: step.name ?? step.id,
    ...(step.description !== undefined ? { description: step.description } : {}),
    ...(owner ? { owner } : {}),
    policy: step.owner?.policy ?? defaultPolicy(owner),
    ...(step.deadline ? { deadline: step.deadline } : {}),
    escalations: (step.escalate ?? []).map((level) => ({
      afterMs: level.after,
      action: level.action,
      to: level.to,
    })),
    outputs: step.outputs ?? [],
  };
  switch (step.kind) {
    case 'human-task':
      return { ...{}, ...base, kind: step.kind };
    case 'approval':
      return { ...{}, ...base, kind: step.kind, outcomes: step.outcomes };
    case 'automated':
      return { ...{}, ...base, kind: step.kind, system: step.system, operation: step.operation };
    case 'wait-for-event':
      return {
        ...{},
        ...base,
        kind: step.kind,
        event: step.event,
        correlationKey: step.correlationKey,
        requires: step.requires ?? [],
      };
    case 'timer':
      return { ...{}, ...base, kind: step.kind, fires: step.fires };
  }
}

function normalizeHandoff(handoff: SourceHandoff): Handoff {
  const join = handoff.join ?? (handoff.from.length > 1 ? { kind: 'all' as const } : undefined);
  return {
    id: handoff.id ?? derivedHandoffId(handoff.from, handoff.to),
    from: handoff.from,
    to: handoff.to,
    ...(handoff.on ? { trigger: handoff.on } : {}),
    ...(handoff.data ? { data: handoff.data } : {}),
    ...(handoff.owner ? { owner: handoff.owner } : {}),
    ...(join ? { join } : {}),
    ...(handoff.when !== undefined ? { condition: handoff.when } : {}),
    ...(handoff.default ? { default: true } : {}),
    ...(handoff.sla ? { sla: handoff.sla } : {}),
  };
}

function normalizeException(exception: SourceException): ExceptionPath {
  const outcomes = exception.outcomes ?? [];
  const common = {
    id: exception.id ?? derivedExceptionId(exception.from, exception.on, outcomes),
    from: exception.from,
    on: exception.on,
    outcomes,
  };
  const target = exception.to ?? '';
  switch (exception.action) {
    case 'rework':
      return { ...{}, ...common, action: 'rework', target, maxIterations: exception.maxIterations ?? 0 };
    case 'exception-step':
      return {
        ...{},
        ...common,
        action: 'exception-step',
        target,
        ...(exception.maxIterations !== undefined ? { maxIterations: exception.maxIterations } : {}),
      };
    case 'cancel':
    case 'fail':
      return { ...{}, ...common, action: exception.action };
  }
}
