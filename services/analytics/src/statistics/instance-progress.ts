import {
  observeInstance,
  type CaseObservation,
  type CaseRef,
  type HandoffObservation,
  type StepObservation,
} from '@baton/analytics-core';
import type { instance } from '@baton/domain';

/**
 * What the statistics projection keeps of one instance: while it runs, its events so far and the
 * observations already counted; once it ended, only that (its last version), so a late
 * redelivery is still recognised.
 */
export type InstanceProgress =
  | {
      readonly status: 'open';
      readonly version: number;
      readonly events: readonly instance.InstanceEvent[];
      /** Keys of the observations counted so far. */
      readonly counted: readonly string[];
    }
  | { readonly status: 'ended'; readonly version: number };

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

const handoffKey = (h: HandoffObservation) =>
  `h:${h.toActivationId}<${h.fromActivationId ?? h.fromStepId}:${h.handoffId}`;
const stepKey = (s: StepObservation) => `s:${s.activationId}`;

/**
 * Folds an instance's new events (each with its stream version, in order) into its progress and
 * says which observations became final. A step activation is final when it ended; a handoff into
 * B once B ended (B's reassignments count until then); the case when the instance ended. Events
 * at or below the version already folded are repeats and change nothing.
 */
export function advance(
  progress: InstanceProgress | undefined,
  arrived: readonly { readonly version: number; readonly event: instance.InstanceEvent }[],
): { readonly progress: InstanceProgress; readonly facts: NewFacts } {
  const none: NewFacts = { handoffs: [], steps: [] };
  const before = progress ?? { status: 'open', version: 0, events: [], counted: [] };
  const fresh = arrived.filter((e) => e.version > before.version);
  if (before.status === 'ended' || fresh.length === 0) return { progress: before, facts: none };

  const events = [...before.events, ...fresh.map((e) => e.event)];
  const version = (fresh[fresh.length - 1] as { version: number }).version;
  const start = fresh.find((e) => e.event.type === 'InstanceStarted')?.event as
    instance.InstanceStarted | undefined;
  const started = start && {
    instanceId: start.data.instanceId,
    definitionId: start.data.definitionId,
    definitionVersion: start.data.definitionVersion,
    at: start.at,
  };
  const ended = events.some((e) => ENDINGS.has(e.type));
  const observed = observeInstance(events);
  if (!observed.ok) {
    // An inconsistent stream yields no numbers (see observeInstance); only its start counts.
    const next: InstanceProgress = ended
      ? { status: 'ended', version }
      : { status: 'open', version, events, counted: before.counted };
    return { progress: next, facts: { ...none, ...(started ? { started } : {}) } };
  }
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
  const facts: NewFacts = {
    ...(started ? { started } : {}),
    handoffs,
    steps,
    ...(ended ? { ended: observations.case } : {}),
  };
  if (ended) return { progress: { status: 'ended', version }, facts };
  return {
    progress: {
      status: 'open',
      version,
      events,
      counted: [...before.counted, ...handoffs.map(handoffKey), ...steps.map(stepKey)],
    },
    facts,
  };
}
