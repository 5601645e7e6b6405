import { observeInstance } from '../observations/observe-instance';
import { onboarding, procureToPay } from '../testing/scenarios';
import { addObservations, emptyAggregate } from './analytics-aggregate';
import {
  casesFromSnapshot,
  casesSnapshot,
  handoffFromSnapshot,
  handoffSnapshot,
  stepFromSnapshot,
  stepSnapshot,
} from './aggregate-snapshot';
import { handoffStats, stepStats } from './statistics';

describe('Aggregate snapshots', () => {
  const aggregate = [onboarding(), procureToPay()].reduce((into, events) => {
    const result = observeInstance(events);
    if (!result.ok) throw new Error('scenario does not observe');
    return addObservations(into, result.observations);
  }, emptyAggregate());
  const viaJson = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

  it('restore every edge, team pair and step with the same statistics, through JSON', () => {
    for (const edge of [...aggregate.edges.values(), ...aggregate.teamPairs.values()]) {
      const restored = handoffFromSnapshot(viaJson(handoffSnapshot(edge)));
      expect(handoffStats(restored)).toEqual(handoffStats(edge));
      expect(handoffSnapshot(restored)).toEqual(handoffSnapshot(edge));
    }
    for (const step of aggregate.steps.values()) {
      expect(stepStats(stepFromSnapshot(viaJson(stepSnapshot(step))))).toEqual(stepStats(step));
    }
    const cases = casesFromSnapshot(viaJson(casesSnapshot(aggregate.cases)));
    expect(cases.cycle.summary()).toEqual(aggregate.cases.cycle.summary());
    expect(cases).toMatchObject({ started: 2, completed: 2, cancelled: 0, failed: 0 });
  });
});
