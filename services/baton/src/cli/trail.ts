import { analyticsV1, executionV1 } from '@baton/contracts';
import { status } from '@grpc/grpc-js';
import type { BatonConnection } from './connection';
import { isServiceError } from './errors';
import { table, time } from './format';
import { stepState } from './views';

/** One transition of an instance, as `baton instance trail` prints it. */
export interface TrailEntry {
  readonly at: string;
  /** Event type, e.g. `StepCompleted`. */
  readonly event: string;
  readonly stepId: string;
  readonly activationId: string;
  readonly actor: string;
  /** The tenant the event was recorded for (analytics trail only; empty when derived). */
  readonly tenant: string;
  readonly summary: string;
}

export interface Trail {
  /** `analytics`: GetAuditTrail (every recorded event); `instance`: derived from GetInstance. */
  readonly source: 'analytics' | 'instance';
  /** Why the analytics trail was not used, when it was not. */
  readonly note?: string;
  readonly instanceId: string;
  readonly entries: readonly TrailEntry[];
}

/** Statuses that mean "no audit trail service here", so deriving one from the instance is right. */
const NO_ANALYTICS = new Set<number>([status.UNIMPLEMENTED, status.NOT_FOUND]);

/**
 * The audit trail of an instance: from the analytics service when it answers, otherwise derived
 * from the instance's activations (which keep only the latest time of each transition: a trail
 * derived so misses reassignments, reminders and escalations).
 */
export async function auditTrail(b: BatonConnection, instanceId: string): Promise<Trail> {
  let note: string;
  try {
    const entries: TrailEntry[] = [];
    let pageToken = '';
    do {
      const page = await b.call(
        b.analytics,
        b.analytics.getAuditTrail,
        analyticsV1.GetAuditTrailRequest.fromPartial({ instanceId, pageSize: 1000, pageToken }),
      );
      entries.push(...page.entries.map(fromAuditEntry));
      pageToken = page.nextPageToken;
    } while (pageToken);
    if (entries.length > 0) return { source: 'analytics', instanceId, entries };
    note = 'the analytics audit trail has no entries for it yet';
  } catch (error) {
    if (!isServiceError(error) || !NO_ANALYTICS.has(error.code)) throw error;
    note = `analytics GetAuditTrail answered ${status[error.code]}`;
  }
  const { instance } = await b.call(
    b.execution,
    b.execution.getInstance,
    executionV1.GetInstanceRequest.fromPartial({ instanceId }),
  );
  return { source: 'instance', note, instanceId, entries: instance ? deriveTrail(instance) : [] };
}

function fromAuditEntry(entry: analyticsV1.AuditEntry): TrailEntry {
  return {
    at: time(entry.event?.occurredAt),
    event: entry.event?.type ?? '',
    stepId: entry.stepId,
    activationId: entry.activationId,
    actor: entry.event?.actor?.id ?? '',
    tenant: entry.event?.tenantId ?? '',
    summary: entry.summary,
  };
}

/** Every transition an instance's activations record, in time order (stable for equal times). */
export function deriveTrail(instance: executionV1.Instance): TrailEntry[] {
  const entries: { at: Date; order: number; entry: Omit<TrailEntry, 'at' | 'tenant'> }[] = [];
  const add = (at: Date | undefined, entry: Omit<TrailEntry, 'at' | 'tenant'>) => {
    if (at) entries.push({ at, order: entries.length, entry });
  };
  add(instance.startedAt, {
    event: 'InstanceStarted',
    stepId: '',
    activationId: '',
    actor: instance.startedBy?.id ?? '',
    summary: `${instance.definitionId} v${instance.definitionVersion} for ${instance.businessKey}`,
  });
  for (const a of instance.activations) {
    const step = { stepId: a.stepId, activationId: a.activationId };
    const from = a.handedOffFrom.map((h) => h.stepId).join(', ');
    add(a.activatedAt, {
      event: 'StepActivated',
      ...step,
      actor: '',
      summary: `${a.stepName}${from ? ` (from ${from})` : ''}${a.attempt > 1 ? ` attempt ${a.attempt}` : ''}`,
    });
    add(a.assignedAt, { event: 'StepAssigned', ...step, actor: '', summary: `to ${a.assigneePersonId}` });
    add(a.startedAt, { event: 'StepStarted', ...step, actor: a.assigneePersonId, summary: '' });
    const ended: Record<number, string> = {
      [executionV1.StepState.STEP_STATE_COMPLETED]: 'StepCompleted',
      [executionV1.StepState.STEP_STATE_FAILED]: 'StepFailed',
      [executionV1.StepState.STEP_STATE_CANCELLED]: 'StepCancelled',
    };
    add(a.endedAt, {
      event: ended[a.state] ?? `Step${stepState(a.state)}`,
      ...step,
      actor: a.assigneePersonId,
      summary: [a.outcome && `outcome ${a.outcome}`, a.failureReason].filter(Boolean).join('; '),
    });
  }
  const endEvent: Record<number, string> = {
    [executionV1.InstanceState.INSTANCE_STATE_COMPLETED]: 'InstanceCompleted',
    [executionV1.InstanceState.INSTANCE_STATE_CANCELLED]: 'InstanceCancelled',
    [executionV1.InstanceState.INSTANCE_STATE_FAILED]: 'InstanceFailed',
  };
  const end = endEvent[instance.state];
  if (end)
    add(instance.endedAt, {
      event: end,
      stepId: '',
      activationId: '',
      actor: '',
      summary: instance.endReason,
    });
  return entries
    .sort((x, y) => x.at.getTime() - y.at.getTime() || x.order - y.order)
    .map(({ at, entry }) => ({ at: at.toISOString(), tenant: '', ...entry }));
}

export function trailText(trail: Trail): string {
  const source =
    trail.source === 'analytics'
      ? 'source: analytics audit trail (every recorded event)'
      : `source: derived from GetInstance (${trail.note}); latest time of each transition only`;
  const rows = table(trail.entries, [
    { header: 'at', value: (e) => e.at },
    { header: 'event', value: (e) => e.event },
    { header: 'step', value: (e) => e.stepId },
    { header: 'activation', value: (e) => e.activationId },
    { header: 'actor', value: (e) => e.actor },
    { header: 'summary', value: (e) => e.summary, max: 60 },
  ]);
  return `${source}\n${rows}`;
}
