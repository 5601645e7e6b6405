import { observeInstance, type InstanceObservations } from '@baton/analytics-core';
import type { instance } from '@baton/domain';
import { sampleInstanceEvents } from '../testing/sample-instances';
import {
  advance,
  freshEvents,
  type InstanceProgress,
  type NewFacts,
  type VersionedEvent,
} from './instance-progress';

const T0 = Date.UTC(2026, 10, 2, 9);
const withVersions = (events: readonly instance.InstanceEvent[]): VersionedEvent[] =>
  events.map((event, i) => ({ version: i + 1, event }));

/** Folds batches as the projection does: events kept apart, read back on demand. */
class Folding {
  progress: InstanceProgress | undefined;
  readonly facts: NewFacts[] = [];
  historyReads = 0;
  private kept: instance.InstanceEvent[] = [];

  async fold(batch: readonly VersionedEvent[]): Promise<NewFacts> {
    const fresh = freshEvents(this.progress, batch);
    this.kept.push(...fresh.map((e) => e.event));
    const step = await advance(this.progress, fresh, async () => (this.historyReads++, this.kept));
    this.progress = step.progress;
    if (step.progress.status === 'ended') this.kept = [];
    this.facts.push(step.facts);
    return step.facts;
  }
}

async function feed(events: readonly instance.InstanceEvent[], size: number): Promise<Folding> {
  const versioned = withVersions(events);
  const folding = new Folding();
  for (let at = 0; at < versioned.length; at += size) await folding.fold(versioned.slice(at, at + size));
  return folding;
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
      async (size) => {
        const { progress, facts } = await feed(events, size);
        const observations = whole(events);
        expect(facts.flatMap((f) => f.handoffs)).toEqual(expect.arrayContaining([...observations.handoffs]));
        expect(facts.flatMap((f) => f.handoffs)).toHaveLength(observations.handoffs.length);
        expect(facts.flatMap((f) => f.steps)).toEqual(observations.steps);
        expect(facts.flatMap((f) => (f.ended ? [f.ended] : []))).toEqual([observations.case]);
        expect(facts.flatMap((f) => (f.started ? [f.started] : []))).toEqual([
          { instanceId: 'i1', definitionId: 'po', definitionVersion: 1, at: T0 },
        ]);
        expect(progress).toEqual({ status: 'ended', version: events.length, counted: [] });
      },
    );

    it('reads the instance back only when a step or the instance ended', async () => {
      // Review completed, approve completed, the instance completed: three endings in ten events.
      expect((await feed(events, 1)).historyReads).toBe(3);
    });
  });

  it('counts a handoff into a step only once that step ended, with the reassignments until then', async () => {
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
    const folding = new Folding();
    const running = await folding.fold(stream.slice(0, approveStarted + 2));
    expect(running.handoffs.map((h) => h.toStepId)).toEqual(['review']);
    const done = await folding.fold(stream.slice(approveStarted + 2));
    expect(done.handoffs).toEqual([expect.objectContaining({ toStepId: 'approve', reassignments: 1 })]);
    expect(done.steps).toEqual([expect.objectContaining({ stepId: 'approve', reassignments: 1 })]);
  });

  it("counts each activation's arrival in its team's queue once, also in a batch that reads no history", async () => {
    const events = sampleInstanceEvents({ instanceId: 'i5', startedAt: T0, seed: 1, ending: 'running' });
    const folding = new Folding();
    const early = await folding.fold(withVersions(events).slice(0, 5));
    const late = await folding.fold(withVersions(events).slice(5));
    expect(folding.historyReads).toBe(1); // review completed; approve's activation and assignment need none
    expect(
      [...(early.arrivals ?? []), ...(late.arrivals ?? [])].map((a) => [a.teamId, a.definitionId]),
    ).toEqual([
      ['sales', 'po'],
      ['finance', 'po'],
    ]);
    expect(early.departures).toEqual([expect.objectContaining({ teamId: 'sales', kind: 'completed' })]);
    expect(folding.progress).toMatchObject({ status: 'open', definition: { id: 'po', version: 1 } });
  });

  it('ignores events it folded already, and everything after the instance ended', async () => {
    const events = withVersions(
      sampleInstanceEvents({ instanceId: 'i3', startedAt: T0, seed: 2, ending: 'running' }),
    );
    const folding = new Folding();
    await folding.fold(events);
    const before = folding.progress;
    expect(freshEvents(before, events.slice(2))).toEqual([]);
    expect(await folding.fold(events.slice(2))).toEqual({ handoffs: [], steps: [] });
    expect(folding.progress).toEqual(before);
    expect(freshEvents({ status: 'ended', version: 9, counted: [] }, events)).toEqual([]);
  });

  it('counts the start of a stream it cannot observe, and nothing else', async () => {
    const events = sampleInstanceEvents({ instanceId: 'i4', startedAt: T0, seed: 2 });
    const broken = withVersions([events[0], events[4]] as instance.InstanceEvent[]);
    const folding = new Folding();
    const facts = await folding.fold(broken);
    expect(facts).toEqual({
      handoffs: [],
      steps: [],
      started: expect.objectContaining({ instanceId: 'i4' }),
    });
    expect(folding.progress).toMatchObject({ status: 'open', version: 2 });
  });
});
