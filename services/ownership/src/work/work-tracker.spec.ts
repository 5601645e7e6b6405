import type { RecordedEvent } from '@baton/eventstore';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WorkTracker } from './work-tracker';

const AT = Date.UTC(2026, 0, 5, 9);

/** The events of one instance stream, numbered in order. */
function streamOf(instanceId: string, events: readonly [type: string, data: object][]): RecordedEvent[] {
  return events.map(([type, data], n) => ({
    eventId: `${instanceId}-${n + 1}`,
    type,
    streamId: `instance-${instanceId}`,
    streamVersion: n + 1,
    globalPosition: BigInt(n + 1),
    occurredAt: new Date(AT + n * 1000),
    recordedAt: new Date(AT + n * 1000),
    data: { instanceId, ...data },
    metadata: { tenantId: 'default' },
    schemaVersion: 1,
  }));
}

const activated = (activationId: string, owner?: object) =>
  [
    'StepActivated',
    {
      activationId,
      stepId: activationId.split('#')[0],
      stepKind: 'human-task',
      handedOffFrom: [],
      policy: 'round-robin',
      attempt: 1,
      dueAt: AT + 3_600_000,
      ...(owner ? { owner } : {}),
    },
  ] as [string, object];

const review = streamOf('i-1', [
  ['InstanceStarted', { definitionId: 'po', definitionVersion: 1, businessKey: 'PO-1', data: { amount: 5 } }],
  activated('review#1', { kind: 'team', teamId: 'buyers' }),
  activated('check#1'),
  ['StepAssigned', { activationId: 'review#1', stepId: 'review', personId: 'bob', teamId: 'buyers' }],
  ['StepStarted', { activationId: 'review#1', stepId: 'review', personId: 'bob' }],
  ['StepCompleted', { activationId: 'check#1', stepId: 'check', output: { checked: true } }],
  ['InstanceCancelled', { reason: 'withdrawn', cancelledActivationIds: ['review#1'] }],
]);

describe('WorkTracker', () => {
  it('follows an open activation from activation to assignment and start', () => {
    const tracker = new WorkTracker();
    for (const event of review.slice(0, 5)) tracker.apply(event);
    expect(tracker.activation('i-1', 'review#1')).toMatchObject({
      instanceId: 'i-1',
      stepId: 'review',
      owner: { kind: 'team', teamId: 'buyers' },
      policy: 'round-robin',
      dueAt: AT + 3_600_000,
      activatedAt: AT + 1000,
      assignee: 'bob',
      assignedAt: AT + 3000,
      teamId: 'buyers',
      started: true,
      escalationLevel: 0,
    });
    expect(tracker.open().map((a) => a.activationId)).toEqual(['review#1', 'check#1']);
    expect(tracker.openCount('default', 'bob')).toBe(1);
  });

  it('counts open steps per assignee through reassignment, completion and the instance ending', () => {
    const tracker = new WorkTracker();
    const counts = () => [tracker.openCount('default', 'bob'), tracker.openCount('default', 'carol')];
    const stream = streamOf('i-2', [
      ['InstanceStarted', { definitionId: 'po', definitionVersion: 1, businessKey: 'PO-2', data: {} }],
      activated('review#1', { kind: 'team', teamId: 'buyers' }),
      activated('check#1'),
      ['StepAssigned', { activationId: 'review#1', stepId: 'review', personId: 'bob' }],
      ['StepAssigned', { activationId: 'check#1', stepId: 'check', personId: 'bob' }],
      ['StepReassigned', { activationId: 'check#1', stepId: 'check', toPersonId: 'carol' }],
      ['StepCompleted', { activationId: 'check#1', stepId: 'check' }],
      ['InstanceCancelled', { reason: 'withdrawn', cancelledActivationIds: ['review#1'] }],
    ]);
    const seen = stream.map((event) => (tracker.apply(event), counts()));
    expect(seen.slice(3)).toEqual([
      [1, 0],
      [2, 0],
      [1, 1],
      [1, 0],
      [0, 0],
    ]);
  });

  it('closes a completed activation and merges its output into the instance data', () => {
    const tracker = new WorkTracker();
    for (const event of review.slice(0, 6)) tracker.apply(event);
    expect(tracker.open().map((a) => a.activationId)).toEqual(['review#1']);
    expect(tracker.instanceData('i-1')).toEqual({ amount: 5, checked: true });
  });

  it('forgets an ended instance and is not fooled by a redelivery of its events', () => {
    const tracker = new WorkTracker();
    for (const event of [...review, ...review]) tracker.apply(event);
    expect(tracker.open()).toEqual([]);
    expect(tracker.instanceData('i-1')).toEqual({});
    expect(tracker.settled('instance-i-1', 2, 'i-1', 'review#1')).toBe(true);
  });

  it('keeps of the instance data only the fields its definition reads for owners and escalations', () => {
    const tracker = new WorkTracker();
    // Its owners and escalation targets read two data fields: requesterId and departmentHeadId.
    const text = readFileSync(join(__dirname, '../../../../examples/budget-approval.yaml'), 'utf8');
    tracker.apply({
      ...streamOf('po', [['DefinitionVersionPublished', {}]])[0],
      streamId: 'definition-po',
      data: { definitionId: 'budget-approval', version: 1, source: { format: 'yaml', text } },
    } as RecordedEvent);
    const [started, , , , , completed] = review as [RecordedEvent, ...RecordedEvent[]];
    tracker.apply({
      ...started,
      data: {
        ...(started.data as object),
        definitionId: 'budget-approval',
        data: { amount: 5, requesterId: 'rita', justification: 'x'.repeat(100) },
      },
    } as RecordedEvent);
    expect(tracker.instanceData('i-1')).toEqual({ requesterId: 'rita' });
    for (const event of review.slice(1, 5)) tracker.apply(event);
    tracker.apply({
      ...completed,
      data: { ...(completed?.data as object), output: { departmentHeadId: 'dana', checked: true } },
    } as RecordedEvent);
    expect(tracker.instanceData('i-1')).toEqual({ requesterId: 'rita', departmentHeadId: 'dana' });
  });
});
