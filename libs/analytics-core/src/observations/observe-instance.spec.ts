import type { instance } from '@baton/domain';
import { MIN, streamOf } from '../testing/instance-events';
import { onboarding, procureToPay } from '../testing/scenarios';
import type { InstanceObservations, ObserveOptions } from './observation.types';
import { observeInstance } from './observe-instance';

function observe(events: instance.InstanceEvent[], options?: ObserveOptions): InstanceObservations {
  const result = observeInstance(events, options);
  if (!result.ok) throw new Error(JSON.stringify(result.violations));
  return result.observations;
}

/** [edge, routing, assignment, pickup, total] in minutes, in observation order. */
const splits = (o: InstanceObservations) =>
  o.handoffs.map((h) => [
    `${h.fromStepId}→${h.toStepId}`,
    h.routingMs / MIN,
    h.assignmentMs / MIN,
    h.pickupMs / MIN,
    h.totalMs / MIN,
  ]);

describe('observeInstance', () => {
  describe('when branches run in parallel and join (onboarding)', () => {
    const o = observe(onboarding(), { handoffSlaMs: (id) => (id === 'join' ? 100 * MIN : undefined) });

    it('splits every handoff into routing, assignment and pickup, one per join source', () => {
      expect(splits(o)).toEqual([
        ['start→offer', 0, 10, 10, 20],
        ['offer→provision', 5, 15, 40, 60],
        ['offer→paperwork', 5, 5, 5, 15],
        ['offer→buddy', 5, 0, 25, 30], // claimed: no assignment, pickup from activation
        ['paperwork→day-one', 170, 30, 30, 230],
        ['buddy→day-one', 120, 30, 30, 180],
        ['provision→day-one', 10, 30, 30, 70],
      ]);
    });

    it('marks the join, the last arrival, the teams and the handoff SLA breaches', () => {
      const join = o.handoffs.filter((h) => h.toStepId === 'day-one');
      expect(join.map((h) => [h.fromStepId, h.join, h.critical, h.slaBreached])).toEqual([
        ['paperwork', true, false, true],
        ['buddy', true, false, true],
        ['provision', true, true, false],
      ]);
      const split = o.handoffs.find((h) => h.toStepId === 'provision');
      expect(split).toMatchObject({ fromTeamId: 'hr', toTeamId: 'it', crossTeam: true, join: false });
      expect(split).not.toHaveProperty('slaBreached'); // no SLA for 'split'
      expect(o.handoffs[0]).toMatchObject({ fromStepId: 'start', toTeamId: 'hr', crossTeam: false });
      expect(o.handoffs[0]).not.toHaveProperty('fromTeamId');
    });

    it('builds only the observations asked for, each as the whole observation has it', () => {
      const only = observe(onboarding(), {
        handoffSlaMs: (id) => (id === 'join' ? 100 * MIN : undefined),
        only: { handoffsInto: new Set(['day-one#1']), stepsOf: new Set(['provision#1']) },
      });
      expect(only.handoffs).toEqual(o.handoffs.filter((h) => h.toActivationId === 'day-one#1'));
      expect(only.handoffs).toHaveLength(3);
      expect(only.steps).toEqual(o.steps.filter((s) => s.activationId === 'provision#1'));
      expect(only.case).toEqual(o.case);
    });

    it('times each step and records the overdue step and its escalation', () => {
      expect(
        o.steps.map((s) => [s.activationId, s.pickupMs / MIN, s.workMs / MIN, s.elapsedMs / MIN]),
      ).toEqual([
        ['offer#1', 20, 40, 60],
        ['provision#1', 55, 140, 195],
        ['paperwork#1', 10, 25, 35],
        ['buddy#1', 25, 60, 85],
        ['day-one#1', 60, 70, 130],
      ]);
      expect(o.steps[1]).toMatchObject({
        teamId: 'it',
        dueAt: 200 * MIN,
        overdueAt: 200 * MIN,
        overdue: true,
        slaBreached: true,
        lateMs: 60 * MIN,
        escalationLevel: 1,
        escalations: 1,
      });
      expect(o.steps[2]).toMatchObject({ overdue: false, slaBreached: false, lateMs: 0, escalations: 0 });
    });

    it('names who did each step and who handed work to whom, and the work sent back to a team', () => {
      expect(o.steps.map((s) => [s.activationId, s.performerId])).toEqual([
        ['offer#1', 'hana'],
        ['provision#1', 'ivan'],
        ['paperwork#1', 'hana'],
        ['buddy#1', undefined], // claimed by someone the events do not name
        ['day-one#1', 'hana'],
      ]);
      // hr → it → hr and hr → mgr → hr: the work came back to HR one handoff later.
      expect(o.handoffs.map((h) => [h.fromPersonId, h.toPersonId, h.bounce])).toEqual([
        [undefined, 'hana', false],
        ['hana', 'ivan', false],
        ['hana', 'hana', false],
        ['hana', undefined, false],
        ['hana', 'hana', false],
        [undefined, 'hana', true],
        ['ivan', 'hana', true],
      ]);
    });

    it('measures the case end to end', () => {
      expect(o.case).toEqual({
        instanceId: 'onb-1',
        definitionId: 'onboarding',
        definitionVersion: 1,
        status: 'completed',
        startedAt: 0,
        endedAt: 400 * MIN,
        durationMs: 400 * MIN,
      });
    });
  });

  describe('when work is reassigned and rejected into a rework loop (procure-to-pay)', () => {
    const o = observe(procureToPay());

    it('splits at the last assignment before the start and counts the reassignments', () => {
      expect(splits(o)).toEqual([
        ['start→collect', 0, 5, 5, 10],
        ['collect→review', 0, 30, 20, 50], // assigned to leo at 60, reassigned to lea at 80
        ['review→collect', 1, 9, 10, 20],
        ['collect→review', 0, 10, 5, 15], // the reassignment at 220 came after the start
      ]);
      expect(o.handoffs.map((h) => [h.assigneeId, h.reassignments, h.rework])).toEqual([
        ['pia', 0, false],
        ['lea', 1, false],
        ['pia', 0, true],
        ['leo', 1, true],
      ]);
    });

    it('observes the rejected activation as a failed step and the repeated one as an attempt', () => {
      expect(
        o.steps.map((s) => [s.activationId, s.status, s.attempt, s.pickupMs / MIN, s.workMs / MIN]),
      ).toEqual([
        ['collect#1', 'completed', 1, 10, 40],
        ['review#1', 'failed', 1, 50, 30],
        ['collect#2', 'completed', 2, 19, 50],
        ['review#2', 'completed', 2, 15, 25],
      ]);
      expect(o.case.durationMs).toBe(250 * MIN);
      expect(o.steps.map((s) => [s.failure, s.performerId])).toEqual([
        [undefined, 'pia'],
        ['rejected', 'lea'],
        [undefined, 'pia'],
        [undefined, 'lea'], // reassigned to lea after leo started it
      ]);
    });

    it('counts work bouncing between procurement and legal, and hands it between people', () => {
      expect(
        o.handoffs.map((h) => [`${h.fromTeamId}→${h.toTeamId}`, h.fromPersonId, h.toPersonId, h.bounce]),
      ).toEqual([
        ['undefined→procurement', undefined, 'pia', false],
        ['procurement→legal', 'pia', 'lea', false],
        ['legal→procurement', 'lea', 'pia', true],
        ['procurement→legal', 'pia', 'lea', true],
      ]);
    });

    it("splits a step's pickup at its last assignment before the start, as the handoffs into it", () => {
      expect(o.steps.map((s) => [s.activationId, s.assignmentMs / MIN, s.assignedPickupMs / MIN])).toEqual([
        ['collect#1', 5, 5],
        ['review#1', 30, 20], // leo at 60, lea at 80, started at 100
        ['collect#2', 9, 10],
        ['review#2', 10, 5], // the reassignment at 220 came after the start at 215
      ]);
    });
  });

  describe('when an escalation reassigns work before it starts', () => {
    const s = streamOf({ instanceId: 'esc-1', definitionId: 'd', version: 1 });
    const events = [
      s.started(0),
      s.activated('a#1', 0, [s.fromStart(0)], { dueAt: 30 }),
      s.assigned('a#1', 10, 'amy'),
      s.overdue('a#1', 30, 30),
      s.escalated('a#1', 40, 1, 'lead'),
      s.stepStarted('a#1', 45),
      s.completed('a#1', 50),
    ];

    it('uses the escalation as the last assignment and leaves the case running', () => {
      const o = observe(events);
      expect(splits(o)).toEqual([['start→a', 0, 40, 5, 45]]);
      expect(o.handoffs[0]).toMatchObject({ assigneeId: 'lead', reassignments: 1 });
      expect(o.steps[0]).toMatchObject({
        overdue: true,
        slaBreached: true,
        lateMs: 20 * MIN,
        escalationLevel: 1,
      });
      expect(o.case).toMatchObject({ status: 'running' });
      expect(o.case).not.toHaveProperty('durationMs');
    });

    it('observes no handoff into work that has not started', () => {
      const o = observe(events.slice(0, 3));
      expect(o.handoffs).toEqual([]);
      expect(o.steps).toEqual([]);
    });
  });

  describe('when the stream is inconsistent', () => {
    const s = streamOf({ instanceId: 'bad', definitionId: 'd', version: 1 });

    it('returns the violations instead of numbers', () => {
      const result = observeInstance([
        s.started(0),
        s.activated('a#1', 10, [s.fromStart(0)]),
        s.stepStarted('a#1', 5),
      ]);
      expect(result).toMatchObject({ ok: false, violations: [{ reason: 'OUT_OF_ORDER' }] });
    });

    it('refuses a stream without InstanceStarted', () => {
      const result = observeInstance([s.activated('a#1', 10, [s.fromStart(0)])]);
      expect(result).toMatchObject({ ok: false, violations: [{ reason: 'NO_INSTANCE_START' }] });
    });
  });
});
