import fc from 'fast-check';
import type { InstanceEvent, StepActivated } from '../instance/events';
import { ValidationError } from '../shared/errors';
import { checkInstanceEvents, instanceTimings } from './instance-timings';
import { validInstance } from './test-support/random-instance';
import type { InstanceTimings } from './types';

const durations = (t: InstanceTimings): (number | undefined)[] => [
  ...t.handoffs.flatMap((h) => [
    h.routingMs,
    h.assignmentMs,
    h.open ? undefined : h.pickupMs,
    h.open ? undefined : h.totalMs,
  ]),
  ...t.activations.flatMap((a) => [a.waitedForOwnerMs, a.pickupMs, a.workMs]),
  t.endToEnd.durationMs,
];

const activations = (events: InstanceEvent[]): StepActivated[] =>
  events.filter((e): e is StepActivated => e.type === 'StepActivated');

describe('Handoff timings (properties)', () => {
  it('accepts every valid stream', () => {
    fc.assert(fc.property(validInstance, (events) => checkInstanceEvents(events).length === 0));
  });

  it('never produces a negative duration', () => {
    fc.assert(
      fc.property(validInstance, (events) =>
        durations(instanceTimings(events)).every((d) => d === undefined || d >= 0),
      ),
    );
  });

  it('splits every closed handoff exactly: routing + assignment + pickup = total', () => {
    fc.assert(
      fc.property(validInstance, (events) =>
        instanceTimings(events).handoffs.every(
          (h) => h.open || h.routingMs + h.assignmentMs + h.pickupMs === h.totalMs,
        ),
      ),
    );
  });

  it('agrees with the activation: assignment + pickup = activated → started', () => {
    fc.assert(
      fc.property(validInstance, (events) => {
        const t = instanceTimings(events);
        const pickup = new Map(t.activations.map((a) => [a.activationId, a.pickupMs]));
        return t.handoffs.every(
          (h) => h.open || h.assignmentMs + h.pickupMs === pickup.get(h.toActivationId),
        );
      }),
    );
  });

  it('writes one record per handoff source and exactly one critical edge per activation', () => {
    fc.assert(
      fc.property(validInstance, (events) => {
        const { handoffs } = instanceTimings(events);
        return activations(events).every((a) => {
          const into = handoffs.filter((h) => h.toActivationId === a.data.activationId);
          const critical = into.filter((h) => h.critical);
          return into.length === a.data.handedOffFrom.length && critical.length === Math.min(1, into.length);
        });
      }),
    );
  });

  it('marks the latest arrival critical', () => {
    fc.assert(
      fc.property(validInstance, (events) =>
        instanceTimings(events)
          .handoffs.filter((h) => h.critical)
          .every((c) =>
            instanceTimings(events)
              .handoffs.filter((h) => h.toActivationId === c.toActivationId)
              .every((h) => h.completedAt <= c.completedAt),
          ),
      ),
    );
  });

  it('either refuses a stream with one time moved, or still never goes negative', () => {
    const perturbed = validInstance.chain((events) =>
      fc.tuple(
        fc.constant(events),
        fc.nat({ max: events.length - 1 }),
        fc.integer({ min: -10_000, max: 10_000 }),
      ),
    );
    fc.assert(
      fc.property(perturbed, ([events, index, shift]) => {
        const moved = events.map((e, i) => (i === index ? { ...e, at: e.at + shift } : e));
        try {
          const t = instanceTimings(moved);
          return (
            durations(t).every((d) => d === undefined || d >= 0) &&
            t.handoffs.every((h) => h.open || h.routingMs + h.assignmentMs + h.pickupMs === h.totalMs)
          );
        } catch (error) {
          return error instanceof ValidationError && error.code === 'HANDOFF.INCONSISTENT_EVENTS';
        }
      }),
    );
  });

  it('is deterministic', () => {
    fc.assert(
      fc.property(validInstance, (events) =>
        expect(instanceTimings(events)).toEqual(instanceTimings(events)),
      ),
    );
  });
});
