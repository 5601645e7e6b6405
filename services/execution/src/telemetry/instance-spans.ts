import type { ServiceTelemetry } from '@baton/telemetry';
import type { ClosedWork } from './closed-work';
import type { DefinitionLookups } from './definition-lookups';

/**
 * Records what one command closed: the metrics for every instance, and for an instance whose
 * trace is sampled (`parent` given) a span per handoff and per step's work, timed in business
 * time (A completed → B started, started → ended) and parented on the instance's trace.
 */
export function recordClosedWork(
  telemetry: ServiceTelemetry,
  instanceId: string,
  closed: ClosedWork,
  lookups: DefinitionLookups,
  parent: string | undefined,
): void {
  const { metrics } = telemetry;
  for (const h of closed.handoffs) {
    const attributes = lookups.edge(h);
    const breached = h.slaBreached === true;
    metrics.handoffDuration.record(h.totalMs / 1000, attributes.edge);
    if (breached) metrics.slaBreaches.add(1, attributes.breach);
    if (parent === undefined) continue;
    telemetry
      .startSpan(`handoff ${h.fromStepId}→${h.toStepId}`, {
        parent,
        startTime: new Date(h.completedAt),
        attributes: {
          ...{},
          ...attributes.edge,
          'baton.instance.id': instanceId,
          'baton.handoff.id': h.handoffId,
          'baton.handoff.cross_team': h.crossTeam,
          'baton.handoff.routing_ms': h.routingMs,
          'baton.handoff.assignment_ms': h.assignmentMs,
          'baton.handoff.pickup_ms': h.pickupMs,
          'baton.handoff.total_ms': h.totalMs,
          ...(h.slaMs !== undefined ? { 'baton.handoff.sla_ms': h.slaMs } : {}),
          'baton.handoff.sla_breached': breached,
        },
      })
      .end(new Date(h.startedAt));
  }
  for (const s of closed.steps) {
    const attributes = lookups.step(s);
    metrics.stepWorkDuration.record(s.workMs / 1000, attributes.work);
    if (s.slaBreached) metrics.slaBreaches.add(1, attributes.breach);
    if (parent === undefined) continue;
    telemetry
      .startSpan(`step ${s.stepId}`, {
        parent,
        startTime: new Date(s.startedAt),
        attributes: {
          ...{},
          ...attributes.work,
          'baton.instance.id': instanceId,
          'baton.activation.id': s.activationId,
          'baton.step.attempt': s.attempt,
          'baton.step.work_ms': s.workMs,
          'baton.step.sla_breached': s.slaBreached,
          'baton.step.escalation_level': s.escalationLevel,
        },
      })
      .end(new Date(s.endedAt));
  }
}
