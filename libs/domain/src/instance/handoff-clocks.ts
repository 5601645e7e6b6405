import {
  END,
  type Handoff,
  type HandoffSla,
  type OwnerSpec,
  type ProcessDefinition,
} from '../definition/model';
import { handoffSlaInstants } from '../calendar/registry/deadlines';
import type { CalendarRegistry } from '../calendar/registry/state';
import type { HandoffAlert, HandoffSlaDeadlines } from '../handoff/sla';
import type { DataRecord } from '../shared/data';
import type { HandoffClockRef } from './commands';
import type { HandoffSource } from './events';
import type { HandoffAlertData, HandoffStage } from './handoff-alert-events';
import type { InstanceState, OpenActivation, RunningInstance } from './state';

/** One traversal of a handoff edge with an SLA whose target has not started yet. */
export interface HandoffClock {
  /** {@link handoffClockKey}: stable from the upstream completion until the target starts. */
  readonly key: string;
  /** What an alert about it records (HandoffAtRisk adds `atRiskAt`). */
  readonly data: HandoffAlertData;
  readonly deadlines: HandoffSlaDeadlines;
  /** The last alert recorded for it. */
  readonly recorded?: HandoffAlert;
}

/**
 * `<handoff>|<upstream activation or 'start'>|<target step>`: unique within an instance, because
 * an activation completes once and a rework gives the upstream step a new activation id.
 */
export function handoffClockKey(ref: HandoffClockRef): string {
  return `${ref.handoffId}|${ref.fromActivationId ?? 'start'}|${ref.toStepId}`;
}

/**
 * The handoff traversals of a running instance that run on an SLA and whose target has not
 * started: arrivals of a round that has not fired (a join short of branches, a handoff waiting for
 * its event), and the incoming edges of activations not started yet (a wait or timer step counts
 * as started when it ends, as analytics times it). Everything else has closed: the target started
 * or ended, the instance ended, or the arrival was absorbed by a join that had already fired.
 */
export function openHandoffClocks(
  state: InstanceState,
  definition: ProcessDefinition,
  calendars?: CalendarRegistry,
): HandoffClock[] {
  if (state.status !== 'running') return [];
  const withSla = new Map(definition.handoffs.filter((h) => h.sla).map((h) => [h.id, h]));
  if (withSla.size === 0) return [];
  const clocks: HandoffClock[] = [];
  for (const [handoffId, round] of Object.entries(state.handoffRounds)) {
    const handoff = withSla.get(handoffId);
    if (!handoff || round.fired) continue;
    for (const arrival of round.arrivals) {
      for (const toStepId of handoff.to) {
        if (toStepId !== END)
          clocks.push(clockOf(state, handoff, arrival, toStepId, calendarsOf(definition, calendars)));
      }
    }
  }
  for (const activation of Object.values(state.activations)) {
    if (activation.status === 'started') continue;
    for (const source of activation.handedOffFrom) {
      const handoff = withSla.get(source.handoffId);
      // A rework source names an exception path; only a handoff into this step has this SLA.
      if (!handoff?.to.includes(activation.stepId) || !handoff.from.includes(source.fromStepId)) continue;
      clocks.push(
        clockOf(state, handoff, source, activation.stepId, calendarsOf(definition, calendars), activation),
      );
    }
  }
  return clocks;
}

function clockOf(
  state: RunningInstance,
  handoff: Handoff,
  source: HandoffSource,
  toStepId: string,
  receiving: ReceivingCalendars,
  activation?: OpenActivation,
): HandoffClock {
  const key = handoffClockKey({ handoffId: handoff.id, fromActivationId: source.fromActivationId, toStepId });
  const receiver = resolvedOwner(receiving.ownerOf(toStepId), state.data);
  const deadlines: HandoffSlaDeadlines = {
    since: source.completedAt,
    ...handoffSlaInstants(handoff.sla as HandoffSla, source.completedAt, receiver, receiving.calendars),
  };
  const stage: HandoffStage =
    activation === undefined ? 'routing' : activation.status === 'activated' ? 'assignment' : 'pickup';
  const assigneeId = activation?.status === 'assigned' ? activation.assigneeId : undefined;
  const owner = resolvedOwner(handoff.owner, state.data);
  const recorded = state.handoffAlerts[key];
  return {
    key,
    data: {
      instanceId: state.instanceId,
      handoffId: handoff.id,
      fromStepId: source.fromStepId,
      ...(source.fromActivationId !== undefined ? { fromActivationId: source.fromActivationId } : {}),
      fromCompletedAt: source.completedAt,
      toStepId,
      ...(activation ? { toActivationId: activation.activationId } : {}),
      stage,
      ...(assigneeId !== undefined ? { assigneeId } : {}),
      dueAt: deadlines.dueAt,
      ...(owner ? { owner } : {}),
    },
    deadlines,
    ...(recorded ? { recorded } : {}),
  };
}

/** Who receives a handoff (the target step's owner) and the calendars their working time is in. */
interface ReceivingCalendars {
  readonly ownerOf: (stepId: string) => OwnerSpec | undefined;
  readonly calendars?: CalendarRegistry;
}

function calendarsOf(
  definition: ProcessDefinition,
  calendars: CalendarRegistry | undefined,
): ReceivingCalendars {
  return {
    ownerOf: (stepId) => definition.steps.find((s) => s.id === stepId)?.owner,
    ...(calendars !== undefined ? { calendars } : {}),
  };
}

/** A person named in the data stands in for a data-field owner; unresolved, the field is kept. */
function resolvedOwner(owner: OwnerSpec | undefined, data: DataRecord): OwnerSpec | undefined {
  if (owner?.kind !== 'data-field') return owner;
  const personId = data[owner.field];
  return typeof personId === 'string' && personId.trim() !== '' ? { kind: 'person', personId } : owner;
}
