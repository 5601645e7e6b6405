import type { instance } from '@baton/domain';
import { MIN } from '../testing/instance-events';
import { onboarding } from '../testing/scenarios';
import { slaBreachesOf } from './sla-breaches';

/** A handoff alert of onboarding's join into day-one (SLA 100 minutes from each branch's completion). */
const alert = (
  type: 'HandoffAtRisk' | 'HandoffBreached',
  from: string,
  completed: number,
  at: number,
): instance.InstanceEvent =>
  ({
    type,
    data: {
      instanceId: 'onb-1',
      handoffId: 'join',
      fromStepId: from,
      fromActivationId: `${from}#1`,
      fromCompletedAt: completed * MIN,
      toStepId: 'day-one',
      stage: 'routing',
      dueAt: (completed + 100) * MIN,
      owner: { kind: 'role', role: 'hr-lead' },
      ...(type === 'HandoffAtRisk' ? { atRiskAt: at * MIN } : {}),
    },
    at: at * MIN,
  }) as instance.InstanceEvent;

/** Onboarding with the alerts the execution records: paperwork's handoff at risk and breached, buddy's breached. */
function withAlerts(): instance.InstanceEvent[] {
  const alerts = [
    alert('HandoffAtRisk', 'paperwork', 100, 180),
    alert('HandoffBreached', 'paperwork', 100, 200),
    alert('HandoffBreached', 'buddy', 150, 250),
  ];
  const events = [...onboarding()];
  for (const a of alerts)
    events.splice(
      events.findIndex((e) => e.at > a.at),
      0,
      a,
    );
  return events;
}

describe('handoff SLA breaches', () => {
  const handoffs = (events: instance.InstanceEvent[]) => slaBreachesOf(events).filter((b) => b.handoff);

  it('records each breached handoff of the join with its target, owner and trail, closed when day-one started', () => {
    const [paperwork, buddy] = handoffs(withAlerts());
    expect(paperwork).toEqual({
      instanceId: 'onb-1',
      definitionId: 'onboarding',
      definitionVersion: 1,
      businessKey: 'bk',
      breachId: 'handoff:join:paperwork#1>day-one',
      handoff: {
        handoffId: 'join',
        fromStepId: 'paperwork',
        fromActivationId: 'paperwork#1',
        stage: 'routing',
        transitionOwner: { kind: 'role', role: 'hr-lead' },
      },
      stepId: 'day-one',
      activationId: 'day-one#1',
      attempt: 1,
      teamId: 'hr',
      activatedAt: 100 * MIN,
      dueAt: 200 * MIN,
      overdueAt: 200 * MIN,
      owner: 'hana',
      endedAt: 330 * MIN,
      end: 'completed',
      escalationLevel: 0,
      reassignments: 0,
      trail: [
        { kind: 'at-risk', at: 180 * MIN },
        { kind: 'overdue', at: 200 * MIN },
        { kind: 'assigned', at: 300 * MIN, toPersonId: 'hana', reason: 'policy' },
      ],
    });
    expect(buddy).toMatchObject({
      breachId: 'handoff:join:buddy#1>day-one',
      dueAt: 250 * MIN,
      endedAt: 330 * MIN,
    });
    // The step deadline breach is still there, apart.
    expect(
      slaBreachesOf(withAlerts())
        .filter((b) => !b.handoff)
        .map((b) => b.breachId),
    ).toEqual(['provision#1']);
  });

  it('keeps a breach open, without a target, while the handoff is still routing', () => {
    const events = withAlerts();
    const [paperwork] = handoffs(
      events.slice(
        0,
        events.findIndex((e) => e.type === 'StepActivated' && e.data.stepId === 'day-one'),
      ),
    );
    expect(paperwork).toMatchObject({
      activationId: '',
      attempt: 0,
      trail: [{ kind: 'at-risk' }, { kind: 'overdue' }],
    });
    expect(paperwork).not.toHaveProperty('endedAt');
    expect(paperwork).not.toHaveProperty('teamId');
  });

  it('ends a breach with the instance when the target never starts', () => {
    const events = withAlerts();
    const cut = events.findIndex((e) => e.type === 'StepActivated' && e.data.stepId === 'day-one');
    const cancelled: instance.InstanceEvent = {
      type: 'InstanceCancelled',
      data: { instanceId: 'onb-1', reason: 'withdrawn', cancelledActivationIds: [] },
      at: 265 * MIN,
    };
    expect(handoffs([...events.slice(0, cut), cancelled])[0]).toMatchObject({
      endedAt: 265 * MIN,
      end: 'cancelled',
    });
  });
});
