import type { instance } from '@baton/domain';
import { streamOf } from './instance-events';

/**
 * Employee onboarding (minutes): the offer splits into three parallel branches (IT provisioning,
 * HR paperwork, the manager's buddy) that join before day one. Provisioning is due at 200, goes
 * overdue and is escalated; the buddy step is claimed without an assignment.
 */
export function onboarding(instanceId = 'onb-1'): instance.InstanceEvent[] {
  const s = streamOf({ instanceId, definitionId: 'onboarding', version: 1 });
  return [
    s.started(0),
    s.activated('offer#1', 0, [s.fromStart(0)], { team: 'hr' }),
    s.assigned('offer#1', 10, 'hana'),
    s.stepStarted('offer#1', 20),
    s.completed('offer#1', 60),
    s.activated('provision#1', 65, [s.from('offer#1', 60, 'split')], { team: 'it', dueAt: 200 }),
    s.activated('paperwork#1', 65, [s.from('offer#1', 60, 'split')], { team: 'hr' }),
    s.activated('buddy#1', 65, [s.from('offer#1', 60, 'split')], { team: 'mgr' }),
    s.assigned('paperwork#1', 70, 'hana'),
    s.stepStarted('paperwork#1', 75),
    s.assigned('provision#1', 80, 'ivan'),
    s.stepStarted('buddy#1', 90),
    s.completed('paperwork#1', 100),
    s.stepStarted('provision#1', 120),
    s.completed('buddy#1', 150),
    s.overdue('provision#1', 200, 200),
    s.escalated('provision#1', 230, 1),
    s.completed('provision#1', 260),
    s.activated(
      'day-one#1',
      270,
      [
        s.from('paperwork#1', 100, 'join'),
        s.from('buddy#1', 150, 'join'),
        s.from('provision#1', 260, 'join'),
      ],
      { team: 'hr' },
    ),
    s.assigned('day-one#1', 300, 'hana'),
    s.stepStarted('day-one#1', 330),
    s.completed('day-one#1', 400),
    s.completedInstance(400),
  ];
}

/**
 * Procure-to-pay (minutes): Legal's first review is reassigned before it starts and rejects the
 * documents back to Procurement (rework loop); the second review is reassigned after it started.
 */
export function procureToPay(instanceId = 'p2p-1'): instance.InstanceEvent[] {
  const s = streamOf({ instanceId, definitionId: 'procure-to-pay', version: 2 });
  return [
    s.started(0),
    s.activated('collect#1', 0, [s.fromStart(0)], { team: 'procurement' }),
    s.assigned('collect#1', 5, 'pia'),
    s.stepStarted('collect#1', 10),
    s.completed('collect#1', 50),
    s.activated('review#1', 50, [s.from('collect#1', 50, 'to-legal')], { team: 'legal' }),
    s.assigned('review#1', 60, 'leo'),
    s.reassigned('review#1', 80, 'lea'),
    s.stepStarted('review#1', 100),
    s.rejected('review#1', 130, 'rework'),
    s.activated('collect#2', 131, [s.from('review#1', 130, 'rework')], { team: 'procurement' }),
    s.assigned('collect#2', 140, 'pia'),
    s.stepStarted('collect#2', 150),
    s.completed('collect#2', 200),
    s.activated('review#2', 200, [s.from('collect#2', 200, 'to-legal')], { team: 'legal' }),
    s.assigned('review#2', 210, 'leo'),
    s.stepStarted('review#2', 215),
    s.reassigned('review#2', 220, 'lea'),
    s.completed('review#2', 240),
    s.completedInstance(250),
  ];
}
