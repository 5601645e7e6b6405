import fc from 'fast-check';
import { ConflictError, DomainError, IllegalStateError } from '../shared/errors';
import { decide } from './decide';
import type { InstanceEvent } from './events';
import { evolveAll } from './evolve';
import { initialInstanceState, isTerminal } from './state';
import {
  attempt,
  commandFor,
  driveToEnd,
  emptyRun,
  joinScenario,
  orderScenario,
  waitScenario,
  type Intent,
  type Run,
  type Scenario,
} from './testing';

const intent: fc.Arbitrary<Intent> = fc.record({
  kind: fc.oneof({ arbitrary: fc.nat(12), weight: 2 }, { arbitrary: fc.constant(13), weight: 3 }),
  pick: fc.nat(10),
  variant: fc.nat(9),
  advanceHours: fc.oneof(fc.constant(0), fc.nat(12), fc.nat(72)),
  reuseKey: fc.boolean(),
});
const intents = fc.array(intent, { maxLength: 50, size: 'max' });
const scenarios: readonly [string, Scenario][] = [
  ['order to cash', orderScenario],
  ['joins', joinScenario],
  ['waits', waitScenario],
];

/** Plays random intents against a scenario, then drives the instance to its end. */
function play(scenario: Scenario, plan: readonly Intent[], check?: (before: Run, after: Run) => void) {
  let run = emptyRun;
  plan.forEach((step, index) => {
    const command = commandFor(scenario, run, step, index);
    const outcome = attempt(scenario, run, command);
    check?.(run, outcome.run);
    run = { ...outcome.run, now: command.metadata.now };
  });
  return { random: run, ...driveToEnd(scenario, run) };
}

const terminalEventsOf = (events: readonly InstanceEvent[]) =>
  events.flatMap((event) => {
    if (event.type === 'StepCompleted' || event.type === 'StepFailed') return [event.data.activationId];
    if (event.type === 'InstanceCancelled' || event.type === 'InstanceFailed')
      return event.data.cancelledActivationIds;
    return [];
  });

describe.each(scenarios)('Instance properties: %s', (_name, scenario) => {
  it('folding the emitted events from scratch reproduces the state the decider saw', () => {
    fc.assert(
      fc.property(intents, (plan) => {
        // Events are plain data: a JSON round trip (as in the store) must not change what they fold to.
        const replayed = (run: Run) =>
          evolveAll(initialInstanceState(), JSON.parse(JSON.stringify(run.events)) as InstanceEvent[]);
        const { run } = play(scenario, plan, (_before, after) =>
          expect(replayed(after)).toEqual(after.state),
        );
        expect(replayed(run)).toEqual(run.state);
      }),
    );
  });

  it('decides deterministically: the same command on the same state gives the same events', () => {
    fc.assert(
      fc.property(intents, intent, (plan, last) => {
        const { random } = play(scenario, plan);
        const command = commandFor(scenario, random, last, plan.length);
        const once = attempt(scenario, random, command).result;
        const twice = attempt(scenario, random, command).result;
        expect(twice).toEqual(once);
      }),
    );
  });

  it('never leaves a running instance with nothing open and nothing awaited', () => {
    fc.assert(
      fc.property(intents, (plan) => {
        expect(play(scenario, plan).stuck).toBe(false);
      }),
    );
  });

  it('a terminal instance accepts no transition; a processed key is a no-op', () => {
    fc.assert(
      fc.property(intents, fc.array(intent, { minLength: 1, maxLength: 15 }), (plan, after) => {
        const { run } = play(scenario, plan);
        expect(isTerminal(run.state)).toBe(true);
        after.forEach((step, index) => {
          const command = commandFor(scenario, run, step, 1000 + index);
          const key = command.metadata.idempotencyKey;
          if (key !== undefined && run.keys.includes(key)) {
            expect(decide(command, run.state, scenario.definition)).toEqual([]);
            return;
          }
          const refusal = attempt(scenario, run, command).result;
          expect(refusal).toBeInstanceOf(DomainError);
          const expected = command.type === 'StartInstance' ? ConflictError : IllegalStateError;
          expect(refusal).toBeInstanceOf(expected);
        });
      }),
    );
  });

  it('every activation ends exactly once by the time the instance is terminal', () => {
    fc.assert(
      fc.property(intents, (plan) => {
        const { run } = play(scenario, plan);
        const activated = run.events.flatMap((e) =>
          e.type === 'StepActivated' ? [e.data.activationId] : [],
        );
        expect(new Set(activated).size).toBe(activated.length);
        expect([...terminalEventsOf(run.events)].sort()).toEqual([...activated].sort());
      }),
    );
  });

  it('a join fires once: no arrival is handed off twice to the same step', () => {
    fc.assert(
      fc.property(intents, (plan) => {
        const { run } = play(scenario, plan);
        const handedOff = run.events.flatMap((e) =>
          e.type === 'StepActivated'
            ? e.data.handedOffFrom.map(
                (s) => `${s.handoffId}:${s.fromActivationId ?? 'start'}→${e.data.stepId}`,
              )
            : [],
        );
        expect(new Set(handedOff).size).toBe(handedOff.length);
      }),
    );
  });
});

describe('Instance properties: joins', () => {
  it('the first join and the two-of-three join each fire once per instance', () => {
    fc.assert(
      fc.property(intents, (plan) => {
        const { run } = play(joinScenario, plan);
        const activations = (stepId: string) =>
          run.events.filter((e) => e.type === 'StepActivated' && e.data.stepId === stepId);
        expect(activations('d').length).toBeLessThanOrEqual(1);
        expect(activations('e').length).toBeLessThanOrEqual(1);
        const [two] = activations('e');
        if (two?.type === 'StepActivated') expect(two.data.handedOffFrom).toHaveLength(2);
      }),
    );
  });
});
