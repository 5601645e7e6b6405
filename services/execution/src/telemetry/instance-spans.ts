import { observeInstance, teamOfStepIn } from '@baton/analytics-core';
import type { DefinitionVersion, instance } from '@baton/domain';
import { sampledOut, type ServiceTelemetry } from '@baton/telemetry';
import type { Attributes } from '@opentelemetry/api';

/** Events that mark an activation's start or end (an end without a start counts as its start). */
const STARTS = new Set(['StepStarted']);
const ENDS = new Set(['StepCompleted', 'StepFailed']);

const activationOf = (e: instance.InstanceEvent): string | undefined =>
  'activationId' in e.data && typeof e.data.activationId === 'string' ? e.data.activationId : undefined;

/**
 * The handoff and step-work spans (and their metrics) that `fresh`, the events one command just
 * recorded, closed: a handoff A→B closes when B starts, a step's work when it ends. Durations come
 * from analytics' own observation of the instance (`observeInstance` over the domain's handoff
 * math), so a span and the analytics numbers agree to the millisecond. Spans are timed in business
 * time (A completed → B started), parented on the instance's trace.
 */
export function recordInstanceSpans(
  telemetry: ServiceTelemetry,
  all: readonly instance.InstanceEvent[],
  fresh: readonly instance.InstanceEvent[],
  definition: DefinitionVersion,
  parent: string | undefined,
): void {
  const started = new Set<string>();
  const ended = new Set<string>();
  for (const e of fresh) {
    const id = activationOf(e);
    if (id !== undefined && STARTS.has(e.type)) started.add(id);
    else if (id !== undefined && ENDS.has(e.type)) ended.add(id);
    else if (e.type === 'StepEscalated') {
      telemetry.metrics.escalations.add(1, {
        'baton.definition.id': definition.definition.id,
        'baton.step.id': e.data.stepId,
        'baton.escalation.level': e.data.level,
      });
    }
  }
  if (started.size === 0 && ended.size === 0) return;
  // An activation that ended with no StepStarted at all starts when it ends (the domain's rule).
  for (const id of ended) {
    if (!all.some((e) => e.type === 'StepStarted' && activationOf(e) === id)) started.add(id);
  }
  const slaOf = new Map(
    definition.definition.handoffs.flatMap((h) => (h.sla ? [[h.id, h.sla.withinMs] as const] : [])),
  );
  const observed = observeInstance(all, {
    teamOfStep: teamOfStepIn(definition.definition),
    handoffSlaMs: (id) => slaOf.get(id),
    only: { handoffsInto: started, stepsOf: ended },
  });
  if (!observed.ok) return;
  // The metrics count every instance; the spans only those of a sampled trace.
  const traced = parent === undefined || !sampledOut(parent);
  const base = {
    'baton.definition.id': definition.definition.id,
    'baton.definition.version': definition.version,
  };
  for (const h of observed.observations.handoffs) {
    if (!started.has(h.toActivationId)) continue;
    const edge: Attributes = {
      ...base,
      'baton.handoff.from_step': h.fromStepId,
      'baton.handoff.to_step': h.toStepId,
      ...(h.fromTeamId !== undefined ? { 'baton.handoff.from_team': h.fromTeamId } : {}),
      ...(h.toTeamId !== undefined ? { 'baton.handoff.to_team': h.toTeamId } : {}),
    };
    if (traced)
      telemetry
        .startSpan(`handoff ${h.fromStepId}→${h.toStepId}`, {
          parent,
          startTime: new Date(h.completedAt),
          attributes: {
            ...edge,
            'baton.instance.id': h.instanceId,
            'baton.handoff.id': h.handoffId,
            'baton.handoff.cross_team': h.crossTeam,
            'baton.handoff.routing_ms': h.routingMs,
            'baton.handoff.assignment_ms': h.assignmentMs,
            'baton.handoff.pickup_ms': h.pickupMs,
            'baton.handoff.total_ms': h.totalMs,
            ...(h.slaMs !== undefined ? { 'baton.handoff.sla_ms': h.slaMs } : {}),
            'baton.handoff.sla_breached': h.slaBreached === true,
          },
        })
        .end(new Date(h.startedAt));
    telemetry.metrics.handoffDuration.record(h.totalMs / 1000, edge);
    if (h.slaBreached) telemetry.metrics.slaBreaches.add(1, { ...edge, 'baton.sla.kind': 'handoff' });
  }
  for (const s of observed.observations.steps) {
    if (!ended.has(s.activationId)) continue;
    const step: Attributes = {
      ...base,
      'baton.step.id': s.stepId,
      ...(s.teamId !== undefined ? { 'baton.team.id': s.teamId } : {}),
    };
    if (traced)
      telemetry
        .startSpan(`step ${s.stepId}`, {
          parent,
          startTime: new Date(s.startedAt),
          attributes: {
            ...step,
            'baton.instance.id': s.instanceId,
            'baton.activation.id': s.activationId,
            'baton.step.attempt': s.attempt,
            'baton.step.status': s.status,
            'baton.step.work_ms': s.workMs,
            'baton.step.sla_breached': s.slaBreached,
            'baton.step.escalation_level': s.escalationLevel,
          },
        })
        .end(new Date(s.endedAt));
    telemetry.metrics.stepWorkDuration.record(s.workMs / 1000, { ...step, 'baton.step.status': s.status });
    if (s.slaBreached) telemetry.metrics.slaBreaches.add(1, { ...step, 'baton.sla.kind': 'step' });
  }
}
