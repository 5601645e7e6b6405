import type { instance, Millis } from '@baton/domain';
import type { ActivationFacts } from './activation-facts';
import type { BreachRef, BreachTrailEntry, SlaBreachRecord } from './sla-breaches';

type Alert = instance.HandoffBreached['data'];

/** The id of one traversal of a handoff edge: its handoff, the upstream activation (or start) and B's step. */
export const handoffBreachId = (h: {
  readonly handoffId: string;
  readonly fromActivationId?: string;
  readonly toStepId: string;
}): string => `handoff:${h.handoffId}:${h.fromActivationId ?? 'start'}>${h.toStepId}`;

/**
 * The handoffs that missed their SLA (a HandoffBreached was recorded), each with B (the target
 * activation, once activated): its team, who had it at the breach and who has it now, and the
 * trail (at risk, breached, B's assignments and escalations until it started). Open until B
 * starts (or ends without a start); `cancelled` when B is, or when the instance ends first.
 */
export function handoffBreachesOf(
  events: readonly instance.InstanceEvent[],
  ref: BreachRef,
  activations: ReadonlyMap<string, ActivationFacts>,
): SlaBreachRecord[] {
  const breached = new Map<
    string,
    { readonly alert: Alert; readonly at: Millis; readonly position: number }
  >();
  const atRisk = new Map<string, { readonly at: Millis; readonly position: number }>();
  const targets = new Map<string, string>();
  let instanceEnded: Millis | undefined;
  for (const [position, e] of events.entries()) {
    if (e.type === 'HandoffAtRisk') atRisk.set(handoffBreachId(e.data), { at: e.at, position });
    else if (e.type === 'HandoffBreached' && !breached.has(handoffBreachId(e.data)))
      breached.set(handoffBreachId(e.data), { alert: e.data, at: e.at, position });
    else if (e.type === 'StepActivated') {
      for (const source of e.data.handedOffFrom) {
        const id = handoffBreachId({ ...{}, ...source, toStepId: e.data.stepId });
        if (!targets.has(id)) targets.set(id, e.data.activationId);
      }
    } else if (
      e.type === 'InstanceCompleted' ||
      e.type === 'InstanceCancelled' ||
      e.type === 'InstanceFailed'
    ) {
      // A handoff still waiting then (e.g. a late branch of a first-of join) never closes.
      instanceEnded ??= e.at;
    }
  }
  return [...breached].map(([breachId, { alert, at, position }]) =>
    record(breachId, alert, { at, position }, targets.get(breachId) ?? alert.toActivationId),
  );

  function record(
    breachId: string,
    alert: Alert,
    breach: { readonly at: Millis; readonly position: number },
    toActivationId?: string,
  ): SlaBreachRecord {
    const b = toActivationId !== undefined ? activations.get(toActivationId) : undefined;
    const owner = b?.activated.data.owner;
    const teamId = owner?.kind === 'team' ? owner.teamId : b?.assignedTeamId;
    const closed = b?.startedAt ?? (b?.ended && b.ended.end !== 'cancelled' ? b.ended.at : undefined);
    const cancelled = closed === undefined ? (b?.ended?.at ?? instanceEnded) : undefined;
    const until = closed ?? cancelled ?? Number.POSITIVE_INFINITY;
    const risk = atRisk.get(breachId);
    // In stream order: the alerts, and B's own entries until the handoff closed.
    type Placed = { readonly entry: BreachTrailEntry; readonly position: number };
    const alerts: Placed[] = [{ entry: { kind: 'overdue', at: breach.at }, position: breach.position }];
    if (risk !== undefined) alerts.push({ entry: { kind: 'at-risk', at: risk.at }, position: risk.position });
    const own: Placed[] = (b?.trail ?? []).flatMap((entry, k) =>
      entry.kind !== 'overdue' && entry.at <= until ? [{ entry, position: b?.positions[k] ?? 0 }] : [],
    );
    const merged = [...alerts, ...own].sort((x, y) => x.position - y.position);
    const before = merged.map((m) => m.entry).filter((t) => t.kind !== 'overdue' && t.kind !== 'at-risk');
    const owners = before.flatMap(ownerAfter);
    return {
      ...{},
      ...ref,
      breachId,
      handoff: {
        handoffId: alert.handoffId,
        fromStepId: alert.fromStepId,
        ...(alert.fromActivationId !== undefined ? { fromActivationId: alert.fromActivationId } : {}),
        stage: alert.stage,
        ...(alert.owner !== undefined ? { transitionOwner: alert.owner } : {}),
      },
      stepId: alert.toStepId,
      activationId: toActivationId ?? '',
      attempt: b?.activated.data.attempt ?? 0,
      ...(teamId !== undefined ? { teamId } : {}),
      activatedAt: alert.fromCompletedAt,
      dueAt: alert.dueAt,
      overdueAt: breach.at,
      ...(alert.assigneeId !== undefined ? { assigneeAtDue: alert.assigneeId } : {}),
      ...(owners.length > 0 ? { owner: owners[owners.length - 1] as string } : {}),
      ...(closed !== undefined ? { endedAt: closed, end: 'completed' as const } : {}),
      ...(cancelled !== undefined ? { endedAt: cancelled, end: 'cancelled' as const } : {}),
      escalationLevel: 0,
      reassignments: Math.max(0, owners.length - 1),
      trail: merged.map((m) => m.entry),
    };
  }
}

/** The person an entry made B's owner, if it did. */
function ownerAfter(t: BreachTrailEntry): string[] {
  if (t.kind === 'assigned' || t.kind === 'reassigned') return [t.toPersonId];
  return t.kind === 'escalated' && t.action === 'reassign' && t.toPersonId !== undefined
    ? [t.toPersonId]
    : [];
}
