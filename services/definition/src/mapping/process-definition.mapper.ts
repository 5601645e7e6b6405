import { commonV1, definitionV1, type googleProtobuf } from '@baton/contracts';
import {
  formatDuration,
  type AssignmentPolicy,
  type DataField,
  type DataFieldType,
  type Deadline,
  type EscalationAction,
  type ExceptionPath,
  type Handoff,
  type OwnerSpec,
  type ProcessCategory,
  type ProcessDefinition,
  type Step,
  type StepKind,
} from '@baton/domain';

// The domain ProcessDefinition ⇄ the wire's baton.definition.v1.ProcessDefinition.
//
// Domain → proto is total. Proto → domain goes through the source form (the JSON the YAML/JSON
// parser reads), so a structured definition is validated by the same parser, with the same rules
// and field paths, as a YAML one: anything the domain cannot hold (an unspecified owner kind, a
// role scoped to a team, an owner on an exception path) is written so the parser refuses it at
// its path instead of being dropped silently.

type Json = string | number | boolean | null | Json[] | { [key: string]: Json | undefined };
type JsonObject = { [key: string]: Json | undefined };

/** Enum tables, one per pair, looked up in both directions. */
function table<D extends string, W extends number>(entries: Record<D, W>) {
  const back = new Map<number, D>(Object.entries(entries).map(([d, w]) => [w as number, d as D]));
  return { toWire: (d: D): W => entries[d], toDomain: (w: W): D | undefined => back.get(w) };
}

const { ProcessCategory: PC, DataFieldType: FT, StepKind: SK } = definitionV1;
const categories = table<ProcessCategory, definitionV1.ProcessCategory>({
  operational: PC.PROCESS_CATEGORY_OPERATIONAL,
  management: PC.PROCESS_CATEGORY_MANAGEMENT,
  support: PC.PROCESS_CATEGORY_SUPPORT,
});
const fieldTypes = table<DataFieldType, definitionV1.DataFieldType>({
  string: FT.DATA_FIELD_TYPE_STRING,
  number: FT.DATA_FIELD_TYPE_NUMBER,
  integer: FT.DATA_FIELD_TYPE_INTEGER,
  boolean: FT.DATA_FIELD_TYPE_BOOLEAN,
  date: FT.DATA_FIELD_TYPE_DATE,
  timestamp: FT.DATA_FIELD_TYPE_TIMESTAMP,
  object: FT.DATA_FIELD_TYPE_OBJECT,
  list: FT.DATA_FIELD_TYPE_LIST,
});
const stepKinds = table<StepKind, definitionV1.StepKind>({
  'human-task': SK.STEP_KIND_HUMAN_TASK,
  approval: SK.STEP_KIND_APPROVAL,
  automated: SK.STEP_KIND_AUTOMATED,
  'wait-for-event': SK.STEP_KIND_WAIT_FOR_EVENT,
  timer: SK.STEP_KIND_TIMER,
});
const policies = table<AssignmentPolicy, commonV1.AssignmentStrategy>({
  'manual-claim': commonV1.AssignmentStrategy.ASSIGNMENT_STRATEGY_MANUAL,
  'round-robin': commonV1.AssignmentStrategy.ASSIGNMENT_STRATEGY_ROUND_ROBIN,
  'least-loaded': commonV1.AssignmentStrategy.ASSIGNMENT_STRATEGY_LEAST_LOADED,
  direct: commonV1.AssignmentStrategy.ASSIGNMENT_STRATEGY_DIRECT,
});
const escalationActions = table<EscalationAction, commonV1.EscalationAction>({
  remind: commonV1.EscalationAction.ESCALATION_ACTION_REMIND,
  notify: commonV1.EscalationAction.ESCALATION_ACTION_NOTIFY,
  reassign: commonV1.EscalationAction.ESCALATION_ACTION_REASSIGN,
});
const exceptionConditions = table<ExceptionPath['on'], definitionV1.ExceptionCondition>({
  rejected: definitionV1.ExceptionCondition.EXCEPTION_CONDITION_REJECTED,
  failed: definitionV1.ExceptionCondition.EXCEPTION_CONDITION_FAILED,
});
const exceptionActions = table<ExceptionPath['action'], definitionV1.ExceptionAction>({
  rework: definitionV1.ExceptionAction.EXCEPTION_ACTION_REWORK,
  'exception-step': definitionV1.ExceptionAction.EXCEPTION_ACTION_EXCEPTION_STEP,
  cancel: definitionV1.ExceptionAction.EXCEPTION_ACTION_CANCEL,
  fail: definitionV1.ExceptionAction.EXCEPTION_ACTION_FAIL,
});

// ---------------------------------------------------------------------------------------------
// Domain → proto

function durationOf(ms: number): googleProtobuf.Duration {
  // Seconds and nanos carry the same sign (a negative offset is before the field's date).
  return { seconds: String(Math.trunc(ms / 1000)), nanos: (ms % 1000) * 1_000_000 + 0 /* never -0 */ };
}

/** A person read from a data field is OWNER_KIND_PERSON with `data_field` (as event-wire writes it). */
export function ownerToProto(owner: OwnerSpec): commonV1.OwnerSpec {
  const { OwnerKind } = commonV1;
  switch (owner.kind) {
    case 'person':
      return commonV1.OwnerSpec.fromPartial({ kind: OwnerKind.OWNER_KIND_PERSON, personId: owner.personId });
    case 'team':
      return commonV1.OwnerSpec.fromPartial({ kind: OwnerKind.OWNER_KIND_TEAM, teamId: owner.teamId });
    case 'role':
      return commonV1.OwnerSpec.fromPartial({ kind: OwnerKind.OWNER_KIND_ROLE, role: owner.role });
    case 'data-field':
      return commonV1.OwnerSpec.fromPartial({ kind: OwnerKind.OWNER_KIND_PERSON, dataField: owner.field });
  }
}

const fieldsToProto = (fields: readonly DataField[]): definitionV1.DataField[] =>
  fields.map((f) => ({ name: f.name, type: fieldTypes.toWire(f.type), description: f.description ?? '' }));

function deadlineToProto(d: Deadline): definitionV1.Deadline {
  return d.kind === 'within'
    ? definitionV1.Deadline.fromPartial({ within: durationOf(d.durationMs) })
    : definitionV1.Deadline.fromPartial({ relativeToField: d.field, offset: durationOf(d.offsetMs) });
}

function stepToProto(s: Step): definitionV1.Step {
  return definitionV1.Step.fromPartial({
    id: s.id,
    name: s.name,
    description: s.description ?? '',
    kind: stepKinds.toWire(s.kind),
    ...(s.owner ? { owner: ownerToProto(s.owner) } : {}),
    assignmentStrategy: policies.toWire(s.policy),
    ...(s.deadline ? { deadline: deadlineToProto(s.deadline) } : {}),
    escalations: s.escalations.map((l) => ({
      after: durationOf(l.afterMs),
      action: escalationActions.toWire(l.action),
      target: ownerToProto(l.to),
    })),
    outputFields: fieldsToProto(s.outputs),
    ...(s.kind === 'approval'
      ? { outcomes: s.outcomes.map((id) => ({ id, name: '', description: '' })) }
      : {}),
    ...(s.kind === 'automated' ? { automated: { system: s.system, operation: s.operation } } : {}),
    ...(s.kind === 'wait-for-event'
      ? {
          waitForEvent: {
            eventType: s.event,
            correlationKey: s.correlationKey,
            requiredFields: fieldsToProto(s.requires),
          },
        }
      : {}),
    ...(s.kind === 'timer' ? { timer: deadlineToProto(s.fires) } : {}),
  });
}

function handoffToProto(h: Handoff): definitionV1.Handoff {
  const { HandoffTriggerKind: TK, JoinKind: JK } = definitionV1;
  const t = h.trigger;
  return definitionV1.Handoff.fromPartial({
    id: h.id,
    fromSteps: [...h.from],
    toSteps: [...h.to],
    ...(t
      ? {
          trigger:
            t.kind === 'completion'
              ? { kind: TK.HANDOFF_TRIGGER_KIND_COMPLETION }
              : t.kind === 'outcome'
                ? { kind: TK.HANDOFF_TRIGGER_KIND_OUTCOME, outcomes: [...t.outcomes] }
                : {
                    kind: TK.HANDOFF_TRIGGER_KIND_EXTERNAL_EVENT,
                    eventType: t.event,
                    correlationKey: t.correlationKey,
                  },
        }
      : {}),
    ...(h.data ? { dataContract: { requiredFields: fieldsToProto(h.data) } } : {}),
    ...(h.owner ? { transitionOwner: ownerToProto(h.owner) } : {}),
    ...(h.join
      ? {
          join:
            h.join.kind === 'n-of-m'
              ? { kind: JK.JOIN_KIND_N_OF_M, requiredCount: h.join.count }
              : { kind: h.join.kind === 'all' ? JK.JOIN_KIND_ALL : JK.JOIN_KIND_FIRST },
        }
      : {}),
    condition: h.condition ?? '',
    defaultRoute: h.default ?? false,
  });
}

function exceptionToProto(e: ExceptionPath): definitionV1.ExceptionPath {
  return definitionV1.ExceptionPath.fromPartial({
    id: e.id,
    fromStep: e.from,
    condition: exceptionConditions.toWire(e.on),
    outcomes: [...e.outcomes],
    action: exceptionActions.toWire(e.action),
    ...(e.action === 'rework' || e.action === 'exception-step'
      ? { targetStep: e.target, maxIterations: e.maxIterations ?? 0 }
      : {}),
  });
}

/** The domain definition as the wire's ProcessDefinition message. */
export function processDefinitionToProto(d: ProcessDefinition): definitionV1.ProcessDefinition {
  return definitionV1.ProcessDefinition.fromPartial({
    id: d.id,
    name: d.name,
    description: d.description ?? '',
    category: categories.toWire(d.category),
    ...(d.owner ? { processOwner: ownerToProto(d.owner) } : {}),
    startTriggers: d.triggers.map((t) => ({
      eventType: t.event,
      correlationKey: t.correlationKey,
      requiredFields: fieldsToProto(t.requires),
    })),
    dataFields: fieldsToProto(d.data),
    steps: d.steps.map(stepToProto),
    handoffs: d.handoffs.map(handoffToProto),
    exceptionPaths: d.exceptions.map(exceptionToProto),
    waivers: d.waivers.map((w) => ({
      ruleId: w.rule,
      path: w.path,
      reason: w.reason,
      approvedBy: w.approvedBy,
    })),
    labels: { ...d.labels },
  });
}

// ---------------------------------------------------------------------------------------------
// Proto → source form (parse it with `parseDefinitionJson` to get the domain definition)

const text = (value: string): string | undefined => (value === '' ? undefined : value);
const list = <T>(values: readonly T[]): T[] | undefined => (values.length ? [...values] : undefined);

function durationSource(d: googleProtobuf.Duration | undefined): string | undefined {
  return d === undefined
    ? undefined
    : formatDuration(Number(d.seconds) * 1000 + Math.trunc(d.nanos / 1_000_000));
}

/**
 * Exactly the owner the domain can hold, or an object the parser refuses (`exactly one of`): a
 * dynamic team (`data_field` on a team or role) and a role scoped to a team have no domain form.
 */
function ownerSource(o: commonV1.OwnerSpec): JsonObject {
  const { OwnerKind } = commonV1;
  switch (o.kind) {
    case OwnerKind.OWNER_KIND_PERSON:
      return o.personId === '' && o.dataField !== ''
        ? { dataField: o.dataField }
        : { person: o.personId, dataField: text(o.dataField) };
    case OwnerKind.OWNER_KIND_TEAM:
      return { team: o.teamId, dataField: text(o.dataField) };
    case OwnerKind.OWNER_KIND_ROLE:
      return { role: o.role, team: text(o.teamId), dataField: text(o.dataField) };
    default:
      return {};
  }
}

const fieldsSource = (fields: readonly definitionV1.DataField[]): Json[] =>
  fields.map((f) => ({
    name: f.name,
    // Unspecified ("any JSON value") has no domain type; the source default is string.
    type: fieldTypes.toDomain(f.type),
    description: text(f.description),
  }));

function deadlineSource(d: definitionV1.Deadline | undefined): Json | undefined {
  if (d === undefined) return undefined;
  return {
    within: durationSource(d.within),
    relativeTo: text(d.relativeToField),
    offset: durationSource(d.offset),
  };
}

function stepSource(s: definitionV1.Step): JsonObject {
  const kind = stepKinds.toDomain(s.kind) ?? 'human-task';
  const owner = s.owner && { ...ownerSource(s.owner), policy: policies.toDomain(s.assignmentStrategy) };
  const base: JsonObject = {
    id: s.id,
    name: text(s.name),
    description: text(s.description),
    kind,
    owner,
    deadline: deadlineSource(s.deadline),
    escalate: list(
      s.escalations.map((l) => ({
        after: durationSource(l.after),
        action: escalationActions.toDomain(l.action),
        to: l.target ? ownerSource(l.target) : undefined,
      })),
    ),
    outputs: list(fieldsSource(s.outputFields)),
  };
  switch (kind) {
    case 'approval':
      return { ...base, outcomes: s.outcomes.map((o) => o.id) };
    case 'automated':
      return { ...base, system: s.automated?.system, operation: s.automated?.operation };
    case 'wait-for-event':
      return {
        ...base,
        event: s.waitForEvent?.eventType,
        correlationKey: s.waitForEvent?.correlationKey,
        requires: s.waitForEvent && list(fieldsSource(s.waitForEvent.requiredFields)),
      };
    case 'timer':
      return { ...base, fires: deadlineSource(s.timer) };
    default:
      return base;
  }
}

function onSource(t: definitionV1.HandoffTrigger | undefined): Json | undefined {
  const { HandoffTriggerKind: TK } = definitionV1;
  switch (t?.kind) {
    case TK.HANDOFF_TRIGGER_KIND_COMPLETION:
      return 'completed';
    case TK.HANDOFF_TRIGGER_KIND_OUTCOME:
      return { outcome: [...t.outcomes] };
    case TK.HANDOFF_TRIGGER_KIND_EXTERNAL_EVENT:
      return { event: t.eventType, correlationKey: t.correlationKey };
    default:
      return undefined; // no designed trigger: lint says so
  }
}

function joinSource(j: definitionV1.Join | undefined): Json | undefined {
  const { JoinKind: JK } = definitionV1;
  switch (j?.kind) {
    case JK.JOIN_KIND_ALL:
      return 'all';
    case JK.JOIN_KIND_FIRST:
      return 'first';
    case JK.JOIN_KIND_N_OF_M:
      return { count: j.requiredCount };
    default:
      return undefined;
  }
}

/**
 * The id the parser gives a handoff written without one (libs/domain definition/ids.ts, not
 * exported): `a+b->c`. It is not a valid source id, so it is left out and derived again.
 */
const derivedHandoffId = (from: readonly string[], to: readonly string[]) =>
  `${from.join('+')}->${to.join('+')}`;

function handoffSource(h: definitionV1.Handoff): JsonObject {
  return {
    id: h.id === derivedHandoffId(h.fromSteps, h.toSteps) ? undefined : text(h.id),
    from: [...h.fromSteps],
    to: [...h.toSteps],
    on: onSource(h.trigger),
    when: text(h.condition),
    default: h.defaultRoute || undefined,
    data: h.dataContract && fieldsSource(h.dataContract.requiredFields),
    owner: h.transitionOwner && ownerSource(h.transitionOwner),
    join: joinSource(h.join),
  };
}

function exceptionSource(e: definitionV1.ExceptionPath): JsonObject {
  return {
    id: text(e.id),
    from: e.fromStep,
    on: exceptionConditions.toDomain(e.condition),
    outcomes: list(e.outcomes),
    action: exceptionActions.toDomain(e.action),
    to: text(e.targetStep),
    maxIterations: e.maxIterations || undefined,
    // The domain has no exception owner: the parser refuses the field rather than lose it.
    owner: e.owner && ownerSource(e.owner),
  };
}

/**
 * The structured definition in the source form the JSON parser reads (unset proto fields left
 * out, so the parser's defaults and its "required" errors apply, at source paths such as
 * `steps[0].owner` or `handoffs[2].on`).
 */
export function processDefinitionToSource(m: definitionV1.ProcessDefinition): JsonObject {
  return prune({
    id: m.id,
    name: text(m.name),
    description: text(m.description),
    category: categories.toDomain(m.category),
    owner: m.processOwner && ownerSource(m.processOwner),
    labels: Object.keys(m.labels).length ? { ...m.labels } : undefined,
    triggers: list(
      m.startTriggers.map((t) => ({
        event: t.eventType,
        correlationKey: t.correlationKey,
        requires: list(fieldsSource(t.requiredFields)),
      })),
    ),
    data: list(fieldsSource(m.dataFields)),
    steps: m.steps.map(stepSource),
    handoffs: list(m.handoffs.map(handoffSource)),
    exceptions: list(m.exceptionPaths.map(exceptionSource)),
    waivers: list(
      m.waivers.map((w) => ({ rule: w.ruleId, path: w.path, reason: w.reason, approvedBy: w.approvedBy })),
    ),
  }) as JsonObject;
}

/** Drops `undefined` members at any depth (the parser's strict objects would see them as set). */
function prune(value: Json | undefined): Json | undefined {
  if (Array.isArray(value)) return value.map((v) => prune(v) ?? null);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, prune(v)]),
    );
  }
  return value;
}
