import { commonV1, definitionV1, type googleProtobuf } from '@baton/contracts';
import { formatDuration, parseDefinitionJson, type DefinitionParseResult } from '@baton/domain';
import { millisOfDuration } from '../mappers/wire-values';
import {
  actions,
  categories,
  exceptionActions,
  exceptionConditions,
  fieldTypes,
  kinds,
  policies,
} from './definition-enums';
import { list, ownerSource, prune, text, type Json, type JsonObject } from './definition-source-values';

// Proto → domain goes through the source form, the JSON `parseDefinitionJson` reads, so a
// structured definition is validated, defaulted and reported (paths such as `steps[2].kind`)
// exactly like a YAML one. Unset proto fields are left out, so the parser's defaults and
// "required" errors apply; what the domain cannot hold is written so the parser refuses it at
// its path (an enum the domain has no word for as its proto name, a proto-only field under its
// own name), never dropped silently, except the display-only fields in DEFINITION_WIRE_GAPS.

const durationSource = (field: string, d: googleProtobuf.Duration | undefined): string | undefined =>
  d && formatDuration(millisOfDuration(field, d));

const fieldsSource = (fields: readonly definitionV1.DataField[]): Json[] =>
  fields.map((f) => ({
    name: f.name,
    type: fieldTypes.toSource(f.type),
    description: text(f.description),
    sensitive: f.sensitive || undefined,
  }));

/** `PT4H business` in the source for a duration in the team's working time. */
const clocked = (duration: string | undefined, business: boolean): string | undefined =>
  duration !== undefined && business ? `${duration} business` : duration;

const deadlineSource = (field: string, d: definitionV1.Deadline | undefined): Json | undefined =>
  d && {
    within: clocked(durationSource(`${field}.within`, d.within), d.business),
    relativeTo: text(d.relativeToField),
    offset: durationSource(`${field}.offset`, d.offset),
  };

/** A step's policy lives on its owner in the source; without an owner only manual claim is possible. */
function stepOwnerSource(s: definitionV1.Step): JsonObject | undefined {
  const unspecified = commonV1.AssignmentStrategy.ASSIGNMENT_STRATEGY_UNSPECIFIED;
  const policy = s.assignmentStrategy === unspecified ? undefined : policies.toSource(s.assignmentStrategy);
  if (s.owner) return { ...{}, ...ownerSource(s.owner), policy };
  return policy === undefined || policy === 'manual-claim' ? undefined : { policy };
}

function stepSource(s: definitionV1.Step, index: number): JsonObject {
  const path = `steps[${index}]`;
  const kind = kinds.toSource(s.kind);
  return {
    id: s.id,
    name: text(s.name),
    description: text(s.description),
    kind,
    owner: stepOwnerSource(s),
    deadline: deadlineSource(`${path}.deadline`, s.deadline),
    escalate: list(
      s.escalations.map((l, i) => ({
        after: durationSource(`${path}.escalate[${i}].after`, l.after),
        action: actions.toSource(l.action),
        to: l.target && ownerSource(l.target),
      })),
    ),
    outputs: list(fieldsSource(s.outputFields)),
    // Kind-specific parts: whatever is set is written, so a part of another kind is refused.
    outcomes: kind === 'approval' || s.outcomes.length ? s.outcomes.map((o) => o.id) : undefined,
    system: s.automated?.system,
    operation: s.automated?.operation,
    event: s.waitForEvent?.eventType,
    correlationKey: s.waitForEvent?.correlationKey,
    requires: s.waitForEvent && list(fieldsSource(s.waitForEvent.requiredFields)),
    fires: deadlineSource(`${path}.fires`, s.timer),
  };
}

function onSource(t: definitionV1.HandoffTrigger | undefined): Json | undefined {
  const { HandoffTriggerKind: TK } = definitionV1;
  if (t === undefined) return undefined;
  switch (t.kind) {
    case TK.HANDOFF_TRIGGER_KIND_UNSPECIFIED:
      return undefined; // no designed trigger: completion at run time, and lint says so
    case TK.HANDOFF_TRIGGER_KIND_COMPLETION:
      return 'completed';
    case TK.HANDOFF_TRIGGER_KIND_OUTCOME:
      return { outcome: [...t.outcomes] };
    case TK.HANDOFF_TRIGGER_KIND_EXTERNAL_EVENT:
      return { event: t.eventType, correlationKey: t.correlationKey };
    default:
      return definitionV1.handoffTriggerKindToJSON(t.kind);
  }
}

function joinSource(j: definitionV1.Join | undefined): Json | undefined {
  const { JoinKind: JK } = definitionV1;
  if (j === undefined) return undefined;
  switch (j.kind) {
    case JK.JOIN_KIND_UNSPECIFIED:
      return undefined; // the proto's "all", which is the parser's default
    case JK.JOIN_KIND_ALL:
      return 'all';
    case JK.JOIN_KIND_FIRST:
      return 'first';
    case JK.JOIN_KIND_N_OF_M:
      return { count: j.requiredCount };
    default:
      return definitionV1.joinKindToJSON(j.kind);
  }
}

/** The ids the parser derives for a handoff or exception path written without one. */
const derivedHandoffId = (from: readonly string[], to: readonly string[]) =>
  `${from.join('+')}->${to.join('+')}`;
const derivedExceptionId = (from: string, on: Json | undefined, outcomes: readonly string[]) =>
  [from, on, ...outcomes].join('-');

/** `{ within, atRisk: 'N%' }`; a percentage out of range is written as is, so the parser refuses it at its path. */
const slaSource = (path: string, sla: definitionV1.HandoffSla | undefined): Json | undefined =>
  sla && {
    within: clocked(durationSource(`${path}.within`, sla.within), sla.business),
    atRisk: sla.atRiskPercent === 0 ? undefined : `${sla.atRiskPercent}%`,
  };

const handoffSource = (h: definitionV1.Handoff, index: number): JsonObject => ({
  id: h.id === derivedHandoffId(h.fromSteps, h.toSteps) ? undefined : text(h.id),
  from: [...h.fromSteps],
  to: [...h.toSteps],
  on: onSource(h.trigger),
  when: text(h.condition),
  default: h.defaultRoute || undefined,
  data: h.dataContract && fieldsSource(h.dataContract.requiredFields),
  owner: h.transitionOwner && ownerSource(h.transitionOwner),
  join: joinSource(h.join),
  sla: slaSource(`handoffs[${index}].sla`, h.sla),
});

function exceptionSource(e: definitionV1.ExceptionPath): JsonObject {
  const on = exceptionConditions.toSource(e.condition);
  return {
    id: e.id === derivedExceptionId(e.fromStep, on, e.outcomes) ? undefined : text(e.id),
    from: e.fromStep,
    on,
    outcomes: list(e.outcomes),
    action: exceptionActions.toSource(e.action),
    to: text(e.targetStep),
    maxIterations: e.maxIterations || undefined,
    owner: e.owner && ownerSource(e.owner), // no domain field: refused (DEFINITION_WIRE_GAPS)
  };
}

/**
 * The message in the definition source form (what `parseDefinitionJson` reads): unset fields
 * left out, unmappable values kept so the parser reports them at their source path.
 */
export function processDefinitionToSource(message: definitionV1.ProcessDefinition): JsonObject {
  const m = message;
  return prune({
    id: m.id,
    name: text(m.name),
    description: text(m.description),
    category: categories.toSource(m.category),
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

/**
 * The message as a domain definition, validated by the domain parser: `{ ok: false, errors }`
 * (source paths such as `steps[2].kind`) for anything the domain refuses, never a throw.
 */
export function processDefinitionFromProto(message: definitionV1.ProcessDefinition): DefinitionParseResult {
  return parseDefinitionJson(processDefinitionToSource(message));
}
