import {
  observeInstance,
  slaBreachesOf,
  type CaseObservation,
  type CaseRef,
  type HandoffObservation,
  type SlaBreachRecord,
  type StepObservation,
} from '@baton/analytics-core';
import type { instance } from '@baton/domain';
import { breachStarts, keysOf, watchOf } from './breach-watch';
import { arrivalsIn, departuresIn, type QueueArrival, type QueueDeparture } from './queue-facts';

/**
 * What the statistics projection keeps of one instance besides its events (kept apart while it
 * runs): the last version folded and, while it runs, the observations already counted, its
 * definition version and its activations in breach of their deadline. Kept after the instance
 * ended, so a late redelivery is still recognised.
 */
export interface InstanceProgress {
  readonly status: 'open' | 'ended';
  readonly version: number;
  /** Keys of the observations counted so far. */
  readonly counted: readonly string[];
  readonly definition?: { readonly id: string; readonly version: number };
  /** What the open SLA breaches depend on (see breach-watch.ts). */
  readonly breached?: readonly string[];
  /** The instance's tenant while it runs, when not the default one (see tenant-facts.ts). */
  readonly tenantId?: string;
}

/** An event with its stream version. */
export interface VersionedEvent {
  readonly version: number;
  readonly event: instance.InstanceEvent;
}

/** Observations that became final with the new events: each is counted once, never revised. */
export interface NewFacts {
  /** The instance started (counted by its start). */
  readonly started?: CaseRef & { readonly at: number };
  readonly handoffs: readonly HandoffObservation[];
  readonly steps: readonly StepObservation[];
  /** The instance ended. */
  readonly ended?: CaseObservation;
  /** Activations that joined or left a team's queue. */
  readonly arrivals?: readonly QueueArrival[];
  readonly departures?: readonly QueueDeparture[];
  /** SLA breaches of the activations the new events were about, as they stand now (rewritten, not counted). */
  readonly breaches?: readonly SlaBreachRecord[];
}

const ENDINGS = new Set(['InstanceCompleted', 'InstanceCancelled', 'InstanceFailed']);
const STEP_ENDINGS = new Set(['StepCompleted', 'StepFailed']);
const NO_FACTS: NewFacts = { handoffs: [], steps: [] };

const handoffKey = (h: HandoffObservation) =>
  `h:${h.toActivationId}<${h.fromActivationId ?? h.fromStepId}:${h.handoffId}`;
const stepKey = (s: StepObservation) => `s:${s.activationId}`;
const nonEmpty = <K extends string, T>(key: K, list: readonly T[]) =>
  (list.length > 0 ? { [key]: list } : {}) as Partial<Record<K, readonly T[]>>;

/** The arrived events not folded yet (none once the instance ended): the rest are repeats. */
export function freshEvents(
  progress: InstanceProgress | undefined,
  arrived: readonly VersionedEvent[],
): VersionedEvent[] {
  if (progress?.status === 'ended') return [];
  return arrived.filter((e) => e.version > (progress?.version ?? 0));
}

/**
 * Whether {@link advance} reads the instance's history for these fresh events (of an instance not
 * ended): an ending, a StepOverdue or news of an activation in breach, or an arrival whose
 * definition version is not known yet. A caller can read the histories of a batch's instances
 * that need them together, before advancing each.
 */
export function needsHistory(
  progress: InstanceProgress | undefined,
  fresh: readonly instance.InstanceEvent[],
): boolean {
  const touched = keysOf(fresh);
  const start = fresh.find((e) => e.type === 'InstanceStarted');
  return (
    fresh.some((e) => ENDINGS.has(e.type) || STEP_ENDINGS.has(e.type)) ||
    breachStarts(fresh) ||
    (progress?.breached ?? []).some((key) => touched.has(key)) ||
    (fresh.some((e) => e.type === 'StepActivated') && progress?.definition === undefined && !start)
  );
}

/**
 * Folds an instance's fresh events (from {@link freshEvents}, in order) into its progress and says
 * which observations became final. A step activation is final when it ended; a handoff into B
 * once B ended (B's reassignments count until then); the case when the instance ended. `history`
 * (every event of the instance so far, the fresh ones included) is read only when something may
 * have become final or a breach may have changed: an ending, a StepOverdue, or news of an
 * activation in breach.
 */
export async function advance(
  progress: InstanceProgress | undefined,
  fresh: readonly VersionedEvent[],
  history: () => Promise<readonly instance.InstanceEvent[]>,
): Promise<{ readonly progress: InstanceProgress; readonly facts: NewFacts }> {
  const before = progress ?? { status: 'open', version: 0, counted: [] };
  const last = fresh[fresh.length - 1];
  if (!last || before.status === 'ended') return { progress: before, facts: NO_FACTS };
  const freshEvents = fresh.map((e) => e.event);
  const start = freshEvents.find((e): e is instance.InstanceStarted => e.type === 'InstanceStarted');
  const started = start && {
    instanceId: start.data.instanceId,
    definitionId: start.data.definitionId,
    definitionVersion: start.data.definitionVersion,
    at: start.at,
  };
  const ended = freshEvents.some((e) => ENDINGS.has(e.type));
  const touched = keysOf(freshEvents);
  let definition =
    before.definition ?? (started && { id: started.definitionId, version: started.definitionVersion });
  const events = needsHistory(before, freshEvents) ? await history() : undefined;
  const begun = events?.find((e): e is instance.InstanceStarted => e.type === 'InstanceStarted');
  definition ??= begun && { id: begun.data.definitionId, version: begun.data.definitionVersion };
  // Every instance event names its instance.
  const instanceId = (freshEvents[0]?.data as { instanceId?: string } | undefined)?.instanceId;
  const ref =
    definition && instanceId !== undefined
      ? { instanceId, definitionId: definition.id, definitionVersion: definition.version }
      : undefined;
  const first: NewFacts = {
    ...{},
    ...NO_FACTS,
    ...(started ? { started } : {}),
    ...nonEmpty('arrivals', ref ? arrivalsIn(freshEvents, ref) : []),
  };
  const next = (counted: readonly string[], breached: readonly string[]): InstanceProgress =>
    ended
      ? { status: 'ended', version: last.version, counted: [] }
      : {
          status: 'open',
          version: last.version,
          counted,
          ...(definition ? { definition } : {}),
          ...nonEmpty('breached', breached),
        };
  if (!events) return { progress: next(before.counted, before.breached ?? []), facts: first };

  const breaches = slaBreachesOf(events);
  const breached = [...new Set(breaches.filter((b) => b.endedAt === undefined).flatMap(watchOf))];
  const withBreaches: NewFacts = {
    ...{},
    ...first,
    ...nonEmpty(
      'breaches',
      breaches.filter((b) => watchOf(b).some((key) => touched.has(key))),
    ),
  };
  const observed = observeInstance(events);
  // An inconsistent stream yields no numbers (see observeInstance); only its start counts.
  if (!observed.ok || !ref) return { progress: next(before.counted, breached), facts: withBreaches };
  const { observations } = observed;
  const counted = new Set(before.counted);
  const endedActivations = new Set(
    events.flatMap((e) =>
      STEP_ENDINGS.has(e.type) ? [(e.data as { activationId: string }).activationId] : [],
    ),
  );
  const handoffs = observations.handoffs.filter(
    (h) => (ended || endedActivations.has(h.toActivationId)) && !counted.has(handoffKey(h)),
  );
  const steps = observations.steps.filter((s) => !counted.has(stepKey(s)));
  return {
    progress: next([...before.counted, ...handoffs.map(handoffKey), ...steps.map(stepKey)], breached),
    facts: {
      ...{},
      ...withBreaches,
      handoffs,
      steps,
      ...(ended ? { ended: observations.case } : {}),
      ...nonEmpty('departures', departuresIn(events, freshEvents, steps, ref)),
    },
  };
}
