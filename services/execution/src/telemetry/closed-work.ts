import { handoffSlaMissed, type instance, type Millis } from '@baton/domain';
import type { ActivationView, InstanceView } from '../instances/instance-view';

/** A handoff A→B that closed when B started (or ended without a start), in analytics' terms. */
export interface HandoffFigures {
  readonly handoffId: string;
  readonly fromStepId: string;
  readonly toStepId: string;
  readonly toActivationId: string;
  readonly fromTeamId?: string;
  readonly toTeamId?: string;
  readonly crossTeam: boolean;
  /** A completed (the instance start for `start`): the span's start. */
  readonly completedAt: Millis;
  /** B started: the span's end. */
  readonly startedAt: Millis;
  readonly routingMs: number;
  readonly assignmentMs: number;
  readonly pickupMs: number;
  readonly totalMs: number;
  /** The SLA the traversal recorded, else the definition's; absent without one. */
  readonly slaMs?: number;
  /** Started strictly after completed + SLA (the domain's `handoffSlaMissed`); absent without an SLA. */
  readonly slaBreached?: boolean;
}

/** A step's work that ended (completed or failed). */
export interface StepFigures {
  readonly stepId: string;
  readonly activationId: string;
  readonly attempt: number;
  readonly teamId?: string;
  readonly status: 'completed' | 'failed';
  readonly startedAt: Millis;
  readonly endedAt: Millis;
  readonly workMs: number;
  readonly slaBreached: boolean;
  readonly escalationLevel: number;
}

/** What one command closed. */
export interface ClosedWork {
  readonly handoffs: HandoffFigures[];
  readonly steps: StepFigures[];
}

/** What closedWork looks up in the instance's definition version. */
export interface DefinitionFacts {
  /** The team owning a step by design, when its activation does not say (see `teamOfActivation`). */
  teamOfStep(stepId: string): string | undefined;
  /** A handoff's SLA, for traversals recorded before they kept their own. */
  slaMs(handoffId: string): number | undefined;
}

/**
 * The handoffs and step work that `fresh`, the events one command recorded, closed, read from the
 * instance's view folded after them: no history, no stream read. The figures are analytics'
 * (`observeInstance` over the domain's handoff math; instance-spans.spec.ts holds them equal):
 * a handoff closes when its target starts (or ends without a start, which then counts as its
 * start); its wait splits at the last assignment before that start; a team is the activation's
 * team owner, else the team it was assigned in, else the definition's. `assignedAt` gives the
 * last escalation that reassigned a not yet started activation (the view keeps no time for it).
 */
export function closedWork(
  fresh: readonly instance.InstanceEvent[],
  view: InstanceView,
  definition: DefinitionFacts,
  escalatedAt: (activationId: string) => Millis | undefined = () => undefined,
): ClosedWork {
  const closed: ClosedWork = { handoffs: [], steps: [] };
  for (const e of fresh) {
    if (e.type === 'StepStarted') {
      const to = activationIn(view, e.data.activationId);
      if (to) handoffsInto(to, view, definition, escalatedAt, closed.handoffs);
    } else if (e.type === 'StepCompleted' || e.type === 'StepFailed') {
      const a = activationIn(view, e.data.activationId);
      if (!a || a.endedAt === undefined) continue;
      // Ended without a StepStarted: it starts when it ends (the domain's rule), closing its handoffs.
      if (a.startedAt === undefined) handoffsInto(a, view, definition, escalatedAt, closed.handoffs);
      const startedAt = a.startedAt ?? a.endedAt;
      const status = e.type === 'StepCompleted' ? 'completed' : 'failed';
      const teamId = teamOf(a, definition);
      closed.steps.push({
        stepId: a.stepId,
        activationId: a.activationId,
        attempt: a.attempt,
        ...(teamId !== undefined ? { teamId } : {}),
        status,
        startedAt,
        endedAt: a.endedAt,
        workMs: a.endedAt - startedAt,
        slaBreached: status === 'completed' && a.dueAt !== undefined && a.endedAt > a.dueAt,
        escalationLevel: a.escalationLevel,
      });
    }
  }
  return closed;
}

function handoffsInto(
  to: ActivationView,
  view: InstanceView,
  definition: DefinitionFacts,
  escalatedAt: (activationId: string) => Millis | undefined,
  into: HandoffFigures[],
): void {
  const startedAt = to.startedAt ?? to.endedAt;
  if (startedAt === undefined) return;
  const { activatedAt } = to;
  const toTeamId = teamOf(to, definition);
  const lastAssigned = latest(to.assignedAt, escalatedAt(to.activationId));
  const ownedAt =
    lastAssigned !== undefined && lastAssigned >= activatedAt && lastAssigned <= startedAt
      ? lastAssigned
      : activatedAt;
  for (const source of to.handedOffFrom) {
    const from =
      source.fromActivationId !== undefined ? activationIn(view, source.fromActivationId) : undefined;
    const fromTeamId = from ? teamOf(from, definition) : definition.teamOfStep(source.fromStepId);
    const slaMs = source.slaWithinMs ?? definition.slaMs(source.handoffId);
    into.push({
      handoffId: source.handoffId,
      fromStepId: source.fromStepId,
      toStepId: to.stepId,
      toActivationId: to.activationId,
      ...(fromTeamId !== undefined ? { fromTeamId } : {}),
      ...(toTeamId !== undefined ? { toTeamId } : {}),
      crossTeam: fromTeamId !== undefined && toTeamId !== undefined && fromTeamId !== toTeamId,
      completedAt: source.completedAt,
      startedAt,
      routingMs: activatedAt - source.completedAt,
      assignmentMs: ownedAt - activatedAt,
      pickupMs: startedAt - ownedAt,
      totalMs: startedAt - source.completedAt,
      ...(slaMs !== undefined
        ? { slaMs, slaBreached: handoffSlaMissed({ withinMs: slaMs }, source.completedAt, startedAt) }
        : {}),
    });
  }
}

/** The domain's `teamOfActivation`: a team owner, else the team it was assigned in, else the definition's. */
function teamOf(a: ActivationView, definition: DefinitionFacts): string | undefined {
  if (a.owner?.kind === 'team') return a.owner.teamId;
  return a.teamId ?? definition.teamOfStep(a.stepId);
}

function activationIn(view: InstanceView, activationId: string): ActivationView | undefined {
  const all = view.activations;
  // Newest last: what a command closes is mostly recent.
  for (let i = all.length - 1; i >= 0; i--) if (all[i]?.activationId === activationId) return all[i];
  return undefined;
}

const latest = (a: Millis | undefined, b: Millis | undefined): Millis | undefined =>
  a === undefined ? b : b === undefined ? a : Math.max(a, b);
