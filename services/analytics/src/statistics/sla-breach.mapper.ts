import type { ActivationEnd, BreachTrailEntry, SlaBreachRecord } from '@baton/analytics-core';
import { analyticsV1 } from '@baton/contracts';
import type { OwnerSpec } from '@baton/domain';
import { durationOf } from './duration-stats.mapper';

const ENDS: Readonly<Record<ActivationEnd, analyticsV1.ActivationEnd>> = {
  completed: analyticsV1.ActivationEnd.ACTIVATION_END_COMPLETED,
  failed: analyticsV1.ActivationEnd.ACTIVATION_END_FAILED,
  rejected: analyticsV1.ActivationEnd.ACTIVATION_END_REJECTED,
  cancelled: analyticsV1.ActivationEnd.ACTIVATION_END_CANCELLED,
};

const KINDS: Readonly<Record<BreachTrailEntry['kind'], analyticsV1.BreachTrailKind>> = {
  assigned: analyticsV1.BreachTrailKind.BREACH_TRAIL_KIND_ASSIGNED,
  reassigned: analyticsV1.BreachTrailKind.BREACH_TRAIL_KIND_REASSIGNED,
  overdue: analyticsV1.BreachTrailKind.BREACH_TRAIL_KIND_OVERDUE,
  escalated: analyticsV1.BreachTrailKind.BREACH_TRAIL_KIND_ESCALATED,
  'at-risk': analyticsV1.BreachTrailKind.BREACH_TRAIL_KIND_AT_RISK,
};

/** An owner as one word: `team:finance`, `role:lead`, `person:amy`, `data-field:managerId`. */
export function ownerText(owner: OwnerSpec): string {
  switch (owner.kind) {
    case 'team':
      return `team:${owner.teamId}`;
    case 'role':
      return `role:${owner.role}`;
    case 'person':
      return `person:${owner.personId}`;
    case 'data-field':
      return `data-field:${owner.field}`;
  }
}

function trailEntry(t: BreachTrailEntry): analyticsV1.BreachTrailEntry {
  const base = { kind: KINDS[t.kind], at: new Date(t.at) };
  switch (t.kind) {
    case 'assigned':
      return analyticsV1.BreachTrailEntry.fromPartial({
        ...{},
        ...base,
        toPersonId: t.toPersonId,
        reason: t.reason,
      });
    case 'reassigned':
      return analyticsV1.BreachTrailEntry.fromPartial({
        ...{},
        ...base,
        fromPersonId: t.fromPersonId ?? '',
        toPersonId: t.toPersonId,
        reason: t.reason,
      });
    case 'overdue':
    case 'at-risk':
      return analyticsV1.BreachTrailEntry.fromPartial(base);
    case 'escalated':
      return analyticsV1.BreachTrailEntry.fromPartial({
        ...{},
        ...base,
        level: t.level,
        action: t.action,
        fromPersonId: t.fromPersonId ?? '',
        toPersonId: t.toPersonId ?? '',
        escalatedTo: ownerText(t.to),
        reason: t.reason,
      });
  }
}

/** A breach as the wire has it; an open one's overrun runs until `now`. */
export function toSlaBreach(b: SlaBreachRecord, stepName: string, now: number): analyticsV1.SlaBreach {
  const until = b.endedAt ?? now;
  return analyticsV1.SlaBreach.fromPartial({
    instanceId: b.instanceId,
    businessKey: b.businessKey,
    activationId: b.activationId,
    stepId: b.stepId,
    definitionId: b.definitionId,
    definitionVersion: b.definitionVersion,
    teamId: b.teamId ?? '',
    assigneePersonId: b.assigneeAtDue ?? '',
    dueAt: new Date(b.dueAt),
    ...(b.endedAt !== undefined ? { endedAt: new Date(b.endedAt) } : {}),
    overrun: durationOf(Math.max(0, until - b.dueAt)),
    escalationLevel: b.escalationLevel,
    open: b.endedAt === undefined,
    stepName,
    activatedAt: new Date(b.activatedAt),
    ...(b.overdueAt !== undefined ? { overdueAt: new Date(b.overdueAt) } : {}),
    end: b.end ? ENDS[b.end] : analyticsV1.ActivationEnd.ACTIVATION_END_UNSPECIFIED,
    ownerPersonId: b.owner ?? '',
    reassignmentCount: b.reassignments,
    trail: b.trail.map(trailEntry),
    kind: b.handoff
      ? analyticsV1.SlaBreachKind.SLA_BREACH_KIND_HANDOFF
      : analyticsV1.SlaBreachKind.SLA_BREACH_KIND_STEP_DEADLINE,
    ...(b.handoff
      ? {
          handoffId: b.handoff.handoffId,
          fromStepId: b.handoff.fromStepId,
          fromActivationId: b.handoff.fromActivationId ?? '',
          stage: b.handoff.stage,
          transitionOwner: b.handoff.transitionOwner ? ownerText(b.handoff.transitionOwner) : '',
        }
      : {}),
  });
}
