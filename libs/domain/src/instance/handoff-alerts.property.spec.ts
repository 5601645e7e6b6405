import fc from 'fast-check';
import { dueHandoffAlert } from '../handoff/sla';
import type { InstanceCommand } from './commands';
import { decide } from './decide';
import type { InstanceEvent } from './events';
import { evolveAll } from './evolve';
import { openHandoffClocks } from './handoff-clocks';
import { initialInstanceState } from './state';
import {
  aDefinition,
  assign,
  complete,
  handoff,
  HOUR,
  humanTask,
  markHandoffAtRisk,
  markHandoffBreached,
  pickUp,
  startInstance,
  T0,
  versionOf,
} from './testing';

const T1 = T0 + HOUR; // a completes; the a→b clock starts
const hours = (max: number) => fc.integer({ min: 0, max: max * HOUR });

/** start → a → b → end, a→b with a random SLA; b assigned and started (or not) at random times. */
const scenario = fc.record(
  {
    withinMs: fc.integer({ min: 1, max: 8 * HOUR }),
    atRiskPercent: fc.integer({ min: 1, max: 99 }),
    assignedAfter: hours(12),
    startedAfter: hours(12),
    ticks: fc.array(hours(12), { maxLength: 10 }),
  },
  { requiredKeys: ['withinMs', 'assignedAfter', 'ticks'] },
);

describe('Handoff SLA alerts through the decider (properties)', () => {
  it('records at risk and breached at most once each, only while the target waits, whatever the ticks and retries', () => {
    fc.assert(
      fc.property(scenario, ({ withinMs, atRiskPercent, assignedAfter, startedAfter, ticks }) => {
        const sla = { withinMs, ...(atRiskPercent !== undefined ? { atRiskPercent } : {}) };
        const definition = aDefinition({
          steps: [humanTask('a'), humanTask('b')],
          handoffs: [
            handoff('go', 'start', 'a'),
            handoff('a-b', 'a', 'b', { sla }),
            handoff('done', 'b', 'end'),
          ],
        });
        let events: InstanceEvent[] = [];
        const run = (command: InstanceCommand) => {
          const decided = decide(command, evolveAll(initialInstanceState(), events), definition);
          events = [...events, ...decided];
          return decided;
        };
        run(startInstance(versionOf(definition)));
        run(pickUp('a#1', 'ann'));
        run(complete('a#1', {}, { now: T1 }));
        const startedAt = startedAfter === undefined ? undefined : T1 + Math.max(startedAfter, assignedAfter);
        // Same instant: the step's own commands first (the scheduler ticks after them).
        const timeline = [
          {
            at: T1 + assignedAfter,
            order: 0,
            act: () => void run(assign('b#1', 'bob', { now: T1 + assignedAfter })),
          },
          ...(startedAt === undefined
            ? []
            : [{ at: startedAt, order: 1, act: () => void run(pickUp('b#1', 'bob', { now: startedAt })) }]),
          ...ticks.map((t) => ({ at: T1 + t, order: 2, act: () => tick(T1 + t) })),
        ].sort((x, y) => x.at - y.at || x.order - y.order);
        function tick(now: number): void {
          const state = evolveAll(initialInstanceState(), events);
          for (const clock of openHandoffClocks(state, definition)) {
            const alert = dueHandoffAlert(clock.deadlines, now, clock.recorded);
            if (!alert) continue;
            const ref = { handoffId: 'a-b', fromActivationId: 'a#1', toStepId: 'b' };
            const meta = { now, idempotencyKey: `${alert}:${clock.key}` };
            const command =
              alert === 'at-risk' ? markHandoffAtRisk(ref, meta) : markHandoffBreached(ref, meta);
            run(command);
            expect(run(command)).toEqual([]); // a retry records nothing
          }
        }
        for (const step of timeline) step.act();

        const alerts = events.filter((e) => e.type === 'HandoffAtRisk' || e.type === 'HandoffBreached');
        const waitingAt = (t: number) => startedAt === undefined || t < startedAt;
        const atRiskAt =
          atRiskPercent === undefined ? undefined : T1 + Math.floor((withinMs * atRiskPercent) / 100);
        const dueAt = T1 + withinMs;
        const tickTimes = ticks.map((t) => T1 + t);
        const expectAtRisk =
          atRiskAt !== undefined && tickTimes.some((t) => t >= atRiskAt && t <= dueAt && waitingAt(t));
        const expectBreach = tickTimes.some((t) => t > dueAt && waitingAt(t));
        expect(alerts.map((e) => e.type)).toEqual([
          ...(expectAtRisk ? ['HandoffAtRisk'] : []),
          ...(expectBreach ? ['HandoffBreached'] : []),
        ]);
        for (const alert of alerts) expect(waitingAt(alert.at)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
