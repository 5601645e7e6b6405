import type { instance } from '@baton/domain';
import { MIN, streamOf } from '../testing/instance-events';
import { onboarding } from '../testing/scenarios';
import { slaBreachesOf } from './sla-breaches';

describe('slaBreachesOf', () => {
  it('records the overdue, escalated step of onboarding with its owner and trail', () => {
    expect(slaBreachesOf(onboarding())).toEqual([
      {
        instanceId: 'onb-1',
        definitionId: 'onboarding',
        definitionVersion: 1,
        businessKey: 'bk',
        breachId: 'provision#1',
        stepId: 'provision',
        activationId: 'provision#1',
        attempt: 1,
        teamId: 'it',
        activatedAt: 65 * MIN,
        dueAt: 200 * MIN,
        overdueAt: 200 * MIN,
        assigneeAtDue: 'ivan',
        owner: 'ivan',
        endedAt: 260 * MIN,
        end: 'completed',
        escalationLevel: 1,
        reassignments: 0,
        trail: [
          { kind: 'assigned', at: 80 * MIN, toPersonId: 'ivan', reason: 'policy' },
          { kind: 'overdue', at: 200 * MIN },
          {
            kind: 'escalated',
            at: 230 * MIN,
            level: 1,
            action: 'notify',
            to: { kind: 'role', role: 'lead' },
            reason: 'overdue',
          },
        ],
      },
    ]);
  });

  describe('when steps end late, in time, or stay open and are cancelled', () => {
    const s = streamOf({ instanceId: 'i', definitionId: 'd', version: 3 });
    const cancelled: instance.InstanceEvent = {
      type: 'InstanceCancelled',
      data: { instanceId: 'i', reason: 'withdrawn', cancelledActivationIds: ['c#1'] },
      at: 120 * MIN,
    };
    const events = [
      s.started(0),
      s.activated('a#1', 0, [s.fromStart(0)], { team: 'ops', dueAt: 30 }),
      s.assigned('a#1', 5, 'amy'),
      s.stepStarted('a#1', 10),
      s.completed('a#1', 40), // 10 minutes late, before any StepOverdue
      s.activated('b#1', 40, [s.from('a#1', 40, 'ab')], { team: 'ops', dueAt: 100 }),
      s.activated('c#1', 40, [s.from('a#1', 40, 'ac')], { team: 'fin', dueAt: 60 }),
      s.assigned('b#1', 45, 'bob'),
      s.overdue('c#1', 60, 60),
      s.reassigned('c#1', 70, 'cat'),
      s.escalated('c#1', 80, 2),
      s.completed('b#1', 90), // in time
      cancelled,
    ];
    const byActivation = (upTo: number) =>
      Object.fromEntries(slaBreachesOf(events.slice(0, upTo)).map((b) => [b.activationId, b]));

    it('counts a late completion as a breach without a StepOverdue', () => {
      expect(byActivation(events.length)['a#1']).toMatchObject({
        teamId: 'ops',
        assigneeAtDue: 'amy',
        endedAt: 40 * MIN,
        end: 'completed',
        trail: [{ kind: 'assigned', at: 5 * MIN, toPersonId: 'amy' }],
      });
      expect(byActivation(events.length)['a#1']).not.toHaveProperty('overdueAt');
      expect(byActivation(events.length)).not.toHaveProperty('b#1');
    });

    it('keeps an overdue step open, with nobody responsible at the deadline, until the cancellation ends it', () => {
      const open = byActivation(events.length - 1)['c#1'];
      expect(open).toMatchObject({ teamId: 'fin', owner: 'cat', escalationLevel: 2, reassignments: 0 });
      expect(open).not.toHaveProperty('assigneeAtDue');
      expect(open).not.toHaveProperty('endedAt');
      expect(open?.trail.map((t) => [t.kind, t.at / MIN])).toEqual([
        ['overdue', 60],
        ['reassigned', 70],
        ['escalated', 80],
      ]);
      expect(byActivation(events.length)['c#1']).toMatchObject({ endedAt: 120 * MIN, end: 'cancelled' });
    });

    it('knows of no breach while the events show no deadline passed', () => {
      expect(slaBreachesOf(events.slice(0, 4))).toEqual([]);
    });
  });

  it('records a reassigning escalation as a change of owner', () => {
    const s = streamOf({ instanceId: 'e', definitionId: 'd', version: 1 });
    const [breach] = slaBreachesOf([
      s.started(0),
      s.activated('a#1', 0, [s.fromStart(0)], { dueAt: 30 }),
      s.assigned('a#1', 10, 'amy'),
      s.overdue('a#1', 30, 30),
      s.escalated('a#1', 40, 1, 'lead'),
      s.stepStarted('a#1', 45),
      s.rejected('a#1', 50, 'x'),
    ]);
    expect(breach).toMatchObject({ assigneeAtDue: 'amy', owner: 'lead', reassignments: 1, end: 'rejected' });
    expect(breach?.trail[2]).toMatchObject({ kind: 'escalated', fromPersonId: 'amy', toPersonId: 'lead' });
    expect(breach).not.toHaveProperty('teamId');
  });
});
