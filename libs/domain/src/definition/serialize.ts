import { stringify } from 'yaml';
import { formatDuration } from './duration';
import { derivedExceptionId, derivedHandoffId } from './ids';
import type {
  DataField,
  Deadline,
  ExceptionPath,
  Handoff,
  HandoffSla,
  HandoffTrigger,
  OwnerSpec,
  ProcessDefinition,
  Step,
} from './model';
import { defaultPolicy } from './normalize';

type Json = string | number | boolean | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/**
 * The definition in the source format (the inverse of parsing): what `parseDefinitionJson` reads
 * back into an equal definition. Defaults are left out where the parser restores them.
 */
export function definitionToSource(definition: ProcessDefinition): JsonObject {
  const [only, ...more] = definition.triggers;
  return compact({
    id: definition.id,
    name: definition.name,
    description: definition.description,
    category: definition.category,
    owner: definition.owner && ownerToSource(definition.owner),
    labels: Object.keys(definition.labels).length ? { ...definition.labels } : undefined,
    ...(only && more.length === 0 ? { trigger: triggerToSource(only) } : {}),
    ...(more.length > 0 ? { triggers: definition.triggers.map(triggerToSource) } : {}),
    data: definition.data.length ? fieldsToSource(definition.data) : undefined,
    steps: definition.steps.map(stepToSource),
    handoffs: definition.handoffs.length ? definition.handoffs.map(handoffToSource) : undefined,
    exceptions: definition.exceptions.length ? definition.exceptions.map(exceptionToSource) : undefined,
    waivers: definition.waivers.length ? definition.waivers.map((waiver) => ({ ...waiver })) : undefined,
  });
}

/** The definition as YAML source text. */
export function serializeDefinitionYaml(definition: ProcessDefinition): string {
  return stringify(definitionToSource(definition), { lineWidth: 0 });
}

function compact(object: { [key: string]: Json | undefined }): JsonObject {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined)) as JsonObject;
}

function ownerToSource(owner: OwnerSpec): JsonObject {
  switch (owner.kind) {
    case 'person':
      return { person: owner.personId };
    case 'team':
      return { team: owner.teamId };
    case 'role':
      return { role: owner.role };
    case 'data-field':
      return { dataField: owner.field };
  }
}

function fieldsToSource(fields: readonly DataField[]): Json[] {
  return fields.map((field) =>
    field.type === 'string' && field.description === undefined && field.sensitive === undefined
      ? field.name
      : compact({
          name: field.name,
          type: field.type,
          description: field.description,
          sensitive: field.sensitive,
        }),
  );
}

function triggerToSource(trigger: ProcessDefinition['triggers'][number]): JsonObject {
  return {
    event: trigger.event,
    correlationKey: trigger.correlationKey,
    requires: fieldsToSource(trigger.requires),
  };
}

/** `PT4H`, or `PT4H business` for a duration in the team's working time. */
function withClock(ms: number, business: boolean | undefined): string {
  return business ? `${formatDuration(ms)} business` : formatDuration(ms);
}

function deadlineToSource(deadline: Deadline): Json {
  return deadline.kind === 'within'
    ? withClock(deadline.durationMs, deadline.business)
    : { relativeTo: deadline.field, offset: formatDuration(deadline.offsetMs) };
}

function stepToSource(step: Step): JsonObject {
  const owner = step.owner
    ? {
        ...{},
        ...ownerToSource(step.owner),
        ...(step.policy !== defaultPolicy(step.owner) ? { policy: step.policy } : {}),
      }
    : undefined;
  const common = compact({
    id: step.id,
    name: step.name === step.id ? undefined : step.name,
    description: step.description,
    kind: step.kind,
    owner,
    deadline: step.deadline && deadlineToSource(step.deadline),
    escalate: step.escalations.length
      ? step.escalations.map((level) => ({
          after: formatDuration(level.afterMs),
          action: level.action,
          to: ownerToSource(level.to),
        }))
      : undefined,
    outputs: step.outputs.length ? fieldsToSource(step.outputs) : undefined,
  });
  switch (step.kind) {
    case 'human-task':
      return common;
    case 'approval':
      return { ...{}, ...common, outcomes: [...step.outcomes] };
    case 'automated':
      return { ...{}, ...common, system: step.system, operation: step.operation };
    case 'wait-for-event':
      return compact({
        ...{},
        ...common,
        event: step.event,
        correlationKey: step.correlationKey,
        requires: step.requires.length ? fieldsToSource(step.requires) : undefined,
      });
    case 'timer':
      return { ...{}, ...common, fires: deadlineToSource(step.fires) };
  }
}

function triggerOn(trigger: HandoffTrigger): Json {
  switch (trigger.kind) {
    case 'completion':
      return 'completed';
    case 'outcome':
      return { outcome: trigger.outcomes.length === 1 ? (trigger.outcomes[0] ?? '') : [...trigger.outcomes] };
    case 'event':
      return { event: trigger.event, correlationKey: trigger.correlationKey };
  }
}

/** `PT4H`, or `{ within: PT4H, atRisk: 80% }` when it has an at-risk threshold. */
function slaToSource(sla: HandoffSla): Json {
  const within = withClock(sla.withinMs, sla.business);
  return sla.atRiskPercent === undefined ? within : { within, atRisk: `${sla.atRiskPercent}%` };
}

function handoffToSource(handoff: Handoff): JsonObject {
  const implicitJoin = handoff.from.length > 1 && handoff.join?.kind === 'all';
  return compact({
    id: handoff.id === derivedHandoffId(handoff.from, handoff.to) ? undefined : handoff.id,
    from: handoff.from.length === 1 ? handoff.from[0] : [...handoff.from],
    to: handoff.to.length === 1 ? handoff.to[0] : [...handoff.to],
    on: handoff.trigger && triggerOn(handoff.trigger),
    when: handoff.condition,
    default: handoff.default ? true : undefined,
    data: handoff.data && fieldsToSource(handoff.data),
    owner: handoff.owner && ownerToSource(handoff.owner),
    join:
      !handoff.join || implicitJoin
        ? undefined
        : handoff.join.kind === 'n-of-m'
          ? { count: handoff.join.count }
          : handoff.join.kind,
    sla: handoff.sla && slaToSource(handoff.sla),
  });
}

function exceptionToSource(exception: ExceptionPath): JsonObject {
  const derived = derivedExceptionId(exception.from, exception.on, exception.outcomes);
  return compact({
    id: exception.id === derived ? undefined : exception.id,
    from: exception.from,
    on: exception.on,
    outcomes: exception.outcomes.length ? [...exception.outcomes] : undefined,
    action: exception.action,
    to: exception.action === 'rework' || exception.action === 'exception-step' ? exception.target : undefined,
    maxIterations:
      exception.action === 'rework' || exception.action === 'exception-step'
        ? exception.maxIterations || undefined
        : undefined,
  });
}
