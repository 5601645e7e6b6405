import {
  observeInstance,
  type CaseObservation,
  type CaseRef,
  type HandoffObservation,
  type StepObservation,
} from '@baton/analytics-core';
import type { instance } from '@baton/domain';

/**
 * What the statistics projection keeps of one instance besides its events (kept apart while it
 * runs): the last version folded and, while it runs, the observations already counted. Kept after
 * the instance ended, so a late redelivery is still recognised.
 */
export interface InstanceProgress {
  readonly status: 'open' | 'ended';
  readonly version: number;
  /** Keys of the observations counted so far. */
  readonly counted: readonly string[];
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
}

const ENDINGS = new Set(['InstanceCompleted', 'InstanceCancelled', 'InstanceFailed']);
const STEP_ENDINGS = new Set(['StepCompleted', 'StepFailed']);
const NO_FACTS: NewFacts = { handoffs: [], steps: [] };

const handoffKey = (h: HandoffObservation) =>
  `h:${h.toActivationId}<${h.fromActivationId ?? h.fromStepId}:${h.handoffId}`;
const stepKey = (s: StepObservation) => `s:${s.activationId}`;

/** The arrived events not folded yet (none once the instance ended): the rest are repeats. */
export function freshEvents(
  progress: InstanceProgress | undefined,
  arrived: readonly VersionedEvent[],
): VersionedEvent[] {
  if (progress?.status === 'ended') return [];
  return arrived.filter((e) => e.version > (progress?.version ?? 0));
}

/**
 * Folds an instance's fresh events (from {@link freshEvents}, in order) into its progress and says
 * which observations became final. A step activation is final when it ended; a handoff into B
 * once B ended (B's reassignments count until then); the case when the instance ended. Only an
 * ending can make anything final, so `history` (every event of the instance so far, the fresh
 * ones included) is read only then.
 */
export async function advance(
  progress: InstanceProgress | undefined,
  fresh: readonly VersionedEvent[],
  history: () => Promise<readonly instance.InstanceEvent[]>,
): Promise<{ readonly progress: InstanceProgress; readonly facts: NewFacts }> {
  const before = progress ?? { status: 'open', version: 0, counted: [] };
  const last = fresh[fresh.length - 1];
  if (!last || before.status === 'ended') return { progress: before, facts: NO_FACTS };
  const start = fresh.find((e) => e.event.type === 'InstanceStarted')?.event as
    instance.InstanceStarted | undefined;
  const started = start && {
    instanceId: start.data.instanceId,
    definitionId: start.data.definitionId,
    definitionVersion: start.data.definitionVersion,
    at: start.at,
  };
  const startFacts: NewFacts = started ? { ...NO_FACTS, started } : NO_FACTS;
  const ended = fresh.some((e) => ENDINGS.has(e.event.type));
  const next = (counted: readonly string[]): InstanceProgress =>
    ended
      ? { status: 'ended', version: last.version, counted: [] }
      : { status: 'open', version: last.version, counted };
  if (!ended && !fresh.some((e) => STEP_ENDINGS.has(e.event.type))) {
    return { progress: next(before.counted), facts: startFacts };
  }

  const events = await history();
  const observed = observeInstance(events);
  // An inconsistent stream yields no numbers (see observeInstance); only its start counts.
  if (!observed.ok) return { progress: next(before.counted), facts: startFacts };
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
    progress: next([...before.counted, ...handoffs.map(handoffKey), ...steps.map(stepKey)]),
    facts: { ...startFacts, handoffs, steps, ...(ended ? { ended: observations.case } : {}) },
  };
}
