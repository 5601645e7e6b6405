import { definitionV1 } from '@baton/contracts';
import type {
  DataField,
  Deadline,
  ExceptionPath,
  Handoff,
  HandoffTrigger,
  Join,
  ProcessDefinition,
  Step,
} from '@baton/domain';
import { durationOf, escalationLevelOf, ownerSpecOf } from '../mappers/wire-values';
import {
  categories,
  exceptionActions,
  exceptionConditions,
  fieldTypes,
  kinds,
  policies,
} from './definition-enums';

// Domain → proto is total: every domain definition has one message. Labels are written in sorted
// key order, so the binary encoding (and `definitionContentSha256`) depends only on the content.

const { HandoffTriggerKind: TK, JoinKind: JK } = definitionV1;

const fieldsToProto = (fields: readonly DataField[]): definitionV1.DataField[] =>
  fields.map((f) => ({
    name: f.name,
    type: fieldTypes.toWire(f.type),
    description: f.description ?? '',
    sensitive: f.sensitive === true,
  }));

const deadlineToProto = (d: Deadline): definitionV1.Deadline =>
  d.kind === 'within'
    ? definitionV1.Deadline.fromPartial({ within: durationOf(d.durationMs), business: d.business === true })
    : definitionV1.Deadline.fromPartial({ relativeToField: d.field, offset: durationOf(d.offsetMs) });

function kindSpecific(s: Step): Partial<definitionV1.Step> {
  switch (s.kind) {
    case 'human-task':
      return {};
    case 'approval':
      // The domain names outcomes by id only (DEFINITION_WIRE_GAPS).
      return { outcomes: s.outcomes.map((id) => ({ id, name: '', description: '' })) };
    case 'automated':
      return { automated: { system: s.system, operation: s.operation } };
    case 'wait-for-event':
      return {
        waitForEvent: {
          eventType: s.event,
          correlationKey: s.correlationKey,
          requiredFields: fieldsToProto(s.requires),
        },
      };
    case 'timer':
      return { timer: deadlineToProto(s.fires) };
  }
}

const stepToProto = (s: Step): definitionV1.Step =>
  definitionV1.Step.fromPartial({
    id: s.id,
    name: s.name,
    description: s.description ?? '',
    kind: kinds.toWire(s.kind),
    owner: s.owner && ownerSpecOf(s.owner),
    assignmentStrategy: policies.toWire(s.policy),
    deadline: s.deadline && deadlineToProto(s.deadline),
    escalations: s.escalations.map(escalationLevelOf),
    outputFields: fieldsToProto(s.outputs),
    ...kindSpecific(s),
  });

function triggerToProto(t: HandoffTrigger): definitionV1.HandoffTrigger {
  switch (t.kind) {
    case 'completion':
      return definitionV1.HandoffTrigger.fromPartial({ kind: TK.HANDOFF_TRIGGER_KIND_COMPLETION });
    case 'outcome':
      return definitionV1.HandoffTrigger.fromPartial({
        kind: TK.HANDOFF_TRIGGER_KIND_OUTCOME,
        outcomes: [...t.outcomes],
      });
    case 'event':
      return definitionV1.HandoffTrigger.fromPartial({
        kind: TK.HANDOFF_TRIGGER_KIND_EXTERNAL_EVENT,
        eventType: t.event,
        correlationKey: t.correlationKey,
      });
  }
}

function joinToProto(j: Join): definitionV1.Join {
  switch (j.kind) {
    case 'all':
      return { kind: JK.JOIN_KIND_ALL, requiredCount: 0 };
    case 'first':
      return { kind: JK.JOIN_KIND_FIRST, requiredCount: 0 };
    case 'n-of-m':
      return { kind: JK.JOIN_KIND_N_OF_M, requiredCount: j.count };
  }
}

const handoffToProto = (h: Handoff): definitionV1.Handoff =>
  definitionV1.Handoff.fromPartial({
    id: h.id,
    fromSteps: [...h.from],
    toSteps: [...h.to],
    trigger: h.trigger && triggerToProto(h.trigger),
    dataContract: h.data && { requiredFields: fieldsToProto(h.data) },
    transitionOwner: h.owner && ownerSpecOf(h.owner),
    join: h.join && joinToProto(h.join),
    condition: h.condition ?? '',
    defaultRoute: h.default ?? false,
    sla: h.sla && {
      within: durationOf(h.sla.withinMs),
      atRiskPercent: h.sla.atRiskPercent ?? 0,
      business: h.sla.business === true,
    },
  });

const exceptionToProto = (e: ExceptionPath): definitionV1.ExceptionPath =>
  definitionV1.ExceptionPath.fromPartial({
    id: e.id,
    fromStep: e.from,
    condition: exceptionConditions.toWire(e.on),
    outcomes: [...e.outcomes],
    action: exceptionActions.toWire(e.action),
    ...(e.action === 'rework' || e.action === 'exception-step'
      ? { targetStep: e.target, maxIterations: e.maxIterations ?? 0 }
      : {}),
  });

const sortedLabels = (labels: Readonly<Record<string, string>>): Record<string, string> =>
  Object.fromEntries(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

/** The domain definition as the wire's `baton.definition.v1.ProcessDefinition`. */
export function processDefinitionToProto(definition: ProcessDefinition): definitionV1.ProcessDefinition {
  const d = definition;
  return definitionV1.ProcessDefinition.fromPartial({
    id: d.id,
    name: d.name,
    description: d.description ?? '',
    category: categories.toWire(d.category),
    processOwner: d.owner && ownerSpecOf(d.owner),
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
    labels: sortedLabels(d.labels),
  });
}
