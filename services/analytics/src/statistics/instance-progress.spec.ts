import { observeInstance, type InstanceObservations } from '@baton/analytics-core';
import type { instance } from '@baton/domain';
import { sampleInstanceEvents } from '../testing/sample-instances';
import { advance, type InstanceProgress, type NewFacts } from './instance-progress';

const T0 = Date.UTC(2026, 10, 2, 9);
const withVersions = (events: readonly instance.InstanceEvent[]) =>
  events.map((event, i) => ({ version: i + 1, event }));

/** Feeds the events in slices of `size`, collecting every fact. */
function feed(events: readonly instance.InstanceEvent[], size: number) {
  const versioned = withVersions(events);
  let progress: InstanceProgress | undefined;
  const facts: NewFacts[] = [];
  for (let at = 0; at < versioned.length; at += size) {
    const step = advance(progress, versioned.slice(at, at + size));
    progress = step.progress;
    facts.push(step.facts);
  }
  return { progress, facts };
}

const whole = (events: readonly instance.InstanceEvent[]): InstanceObservations => {
  const result = observeInstance(events);
  if (!result.ok) throw new Error('sample does not observe');
  return result.observations;
};

describe('Instance progress', () => {
  describe('when a completed instance arrives in any slicing', () => {
    const events = sampleInstanceEvents({ instanceId: 'i1', startedAt: T0, seed: 3 });

    it.each([1, 2, 3, events.length])(
      'counts each observation of the whole stream once (slices of %p)',
      (size) => {
        const { progress, facts } = feed(events, size);
        const observations = whole(events);
        expect(facts.flatMap((f) => f.handoffs)).toEqual(expect.arrayContaining([...observations.handoffs]));
        expect(facts.flatMap((f) => f.handoffs)).toHaveLength(observations.handoffs.length);
        expect(facts.flatMap((f) => f.steps)).toEqual(observations.steps);
        expect(facts.flatMap((f) => (f.ended ? [f.ended] : []))).toEqual([observations.case]);
        expect(facts.flatMap((f) => (f.started ? [f.started] : []))).toEqual([
          { instanceId: 'i1', definitionId: 'po', definitionVersion: 1, at: T0 },
        ]);
        expect(progress).toEqual({ status: 'ended', version: events.length });
      },
    );
  });

  it('counts a handoff into a step only once that step ended, with the reassignments until then', () => {
    const events = sampleInstanceEvents({ instanceId: 'i2', startedAt: T0, seed: 1 });
    const approveStarted = events.findIndex((e) => e.type === 'StepStarted' && e.data.stepId === 'approve');
    const reassigned: instance.InstanceEvent = {
      type: 'StepReassigned',
      data: {
        instanceId: 'i2',
        activationId: 'approve#1',
        stepId: 'approve',
        toPersonId: 'fin-2',
        reason: 'away',
      },
      at: (events[approveStarted] as instance.InstanceEvent).at + 1,
    };
    const stream = withVersions([
      ...events.slice(0, approveStarted + 1),
      reassigned,
      ...events.slice(approveStarted + 1),
    ]);
    const running = advance(undefined, stream.slice(0, approveStarted + 2));
    expect(running.facts.handoffs.map((h) => h.toStepId)).toEqual(['review']);
    const done = advance(running.progress, stream.slice(approveStarted + 2));
    expect(done.facts.handoffs).toEqual([expect.objectContaining({ toStepId: 'approve', reassignments: 1 })]);
    expect(done.facts.steps).toEqual([expect.objectContaining({ stepId: 'approve', reassignments: 1 })]);
  });

  it('ignores events it folded already, and everything after the instance ended', () => {
    const events = withVersions(
      sampleInstanceEvents({ instanceId: 'i3', startedAt: T0, seed: 2, ending: 'running' }),
    );
    const first = advance(undefined, events);
    expect(advance(first.progress, events.slice(2))).toEqual({
      progress: first.progress,
      facts: { handoffs: [], steps: [] },
    });
    const ended = { status: 'ended', version: 9 } as const;
    expect(advance(ended, events).progress).toBe(ended);
  });

  it('counts the start of a stream it cannot observe, and nothing else', () => {
    const events = sampleInstanceEvents({ instanceId: 'i4', startedAt: T0, seed: 2 });
    const broken = withVersions([events[0] as instance.InstanceEvent, events[3] as instance.InstanceEvent]);
    const { facts, progress } = advance(undefined, broken);
    expect(facts).toEqual({
      handoffs: [],
      steps: [],
      started: expect.objectContaining({ instanceId: 'i4' }),
    });
    expect(progress).toMatchObject({ status: 'open', version: 2 });
  });
});
