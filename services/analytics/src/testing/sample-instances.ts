import type { instance } from '@baton/domain';
import { noStream, type EventStore, type NewEvent } from '@baton/eventstore';

/** What a sample instance does: finishes both steps, stops in the second, or is cancelled there. */
export type SampleEnding = 'completed' | 'running' | 'cancelled';

/**
 * A sample instance of the two-step process `po` (review by sales, then approve by finance). The
 * handoff review → approve has an SLA of 5 minutes, recorded on its source (the start's has none).
 */
export interface SampleInstance {
  readonly instanceId: string;
  readonly startedAt: number;
  /** Varies the waits and work times (minutes = small multiples of it). */
  readonly seed: number;
  readonly ending?: SampleEnding;
  readonly definitionVersion?: number;
}

const MIN = 60_000;

type SampleEvent = instance.InstanceEvent;

/** The instance's events as the execution service records them (tests only). */
export function sampleInstanceEvents(sample: SampleInstance): SampleEvent[] {
  const { instanceId, startedAt: t0, seed } = sample;
  const ref = (step: string) => ({ instanceId, activationId: `${step}#1`, stepId: step });
  const at = (minutes: number) => t0 + minutes * MIN;
  const wait = 1 + (seed % 7);
  const work = 2 + (seed % 5) * 3;
  const reviewDone = at(wait + work + 1);
  const events: SampleEvent[] = [
    {
      type: 'InstanceStarted',
      data: {
        instanceId,
        definitionId: 'po',
        definitionVersion: sample.definitionVersion ?? 1,
        businessKey: `PO-${seed}`,
        data: {},
      },
      at: at(0),
    },
    activated(
      'review',
      ref,
      at(0),
      [{ handoffId: 'h-start', fromStepId: 'start', completedAt: at(0) }],
      'sales',
    ),
    {
      type: 'StepAssigned',
      data: { ...ref('review'), personId: `rep-${seed % 3}`, reason: 'round-robin' },
      at: at(wait),
    },
    { type: 'StepStarted', data: { ...ref('review'), personId: `rep-${seed % 3}` }, at: at(wait + 1) },
    {
      type: 'StepCompleted',
      data: { ...ref('review'), output: {}, personId: `rep-${seed % 3}` },
      at: reviewDone,
    },
    activated(
      'approve',
      ref,
      reviewDone + MIN,
      [
        {
          handoffId: 'h-review-approve',
          fromStepId: 'review',
          fromActivationId: 'review#1',
          completedAt: reviewDone,
          slaWithinMs: 5 * MIN,
        },
      ],
      'finance',
    ),
    {
      type: 'StepAssigned',
      data: { ...ref('approve'), personId: 'fin-1', reason: 'round-robin' },
      at: reviewDone + wait * 2 * MIN,
    },
  ];
  if (sample.ending === 'running') return events;
  if (sample.ending === 'cancelled') {
    return [
      ...events,
      {
        type: 'InstanceCancelled',
        data: { instanceId, reason: 'withdrawn', cancelledActivationIds: ['approve#1'] },
        at: reviewDone + 60 * MIN,
      },
    ];
  }
  const approveStart = reviewDone + (wait * 2 + 1) * MIN;
  const approveDone = approveStart + work * 2 * MIN;
  return [
    ...events,
    { type: 'StepStarted', data: { ...ref('approve'), personId: 'fin-1' }, at: approveStart },
    {
      type: 'StepCompleted',
      data: { ...ref('approve'), output: {}, outcome: 'approved', personId: 'fin-1' },
      at: approveDone,
    },
    { type: 'InstanceCompleted', data: { instanceId, data: {} }, at: approveDone },
  ];
}

function activated(
  step: string,
  ref: (step: string) => { instanceId: string; activationId: string; stepId: string },
  at: number,
  handedOffFrom: readonly instance.HandoffSource[],
  team: string,
): SampleEvent {
  return {
    type: 'StepActivated',
    data: {
      ...ref(step),
      stepKind: 'human-task',
      handedOffFrom,
      owner: { kind: 'team', teamId: team },
      policy: 'round-robin',
      attempt: 1,
    },
    at,
  };
}

/** Appends the sample's events to its stream `instance-<id>`, from `fromVersion` on (1: all). */
export async function appendSampleInstance(
  store: EventStore,
  sample: SampleInstance,
  range: { readonly from?: number; readonly to?: number } = {},
): Promise<void> {
  const all = sampleInstanceEvents(sample);
  const from = range.from ?? 1;
  const picked = all.slice(from - 1, range.to);
  const events: NewEvent[] = picked.map((e, i) => ({
    eventId: `${sample.instanceId}-${from + i}`,
    type: e.type,
    data: e.data,
    occurredAt: new Date(e.at),
    metadata: { tenantId: 'default', actor: 'driver', idempotencyKey: `${sample.instanceId}-k${from + i}` },
  }));
  const expected = from === 1 ? noStream : { kind: 'exact' as const, version: from - 1 };
  await store.append(`instance-${sample.instanceId}`, events, expected);
}
