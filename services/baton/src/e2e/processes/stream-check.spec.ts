import { transitionViolations, type StoredEvent } from './stream-check';

const event = (
  type: string,
  data: Record<string, unknown> = {},
): Omit<StoredEvent, 'streamVersion' | 'eventId'> => ({
  type,
  data,
});
const stream = (...events: Omit<StoredEvent, 'streamVersion' | 'eventId'>[]): StoredEvent[] =>
  events.map((e, i) => ({ ...e, streamVersion: i + 1, eventId: `e${i + 1}` }));

const task = (activationId: string, stepKind = 'human-task') => [
  event('StepActivated', { activationId, stepKind }),
  event('StepAssigned', { activationId }),
  event('StepStarted', { activationId }),
  event('StepCompleted', { activationId }),
];

describe('transitionViolations', () => {
  it('accepts a clean stream: worked steps, a wait step completed by its trigger', () => {
    const clean = stream(
      event('InstanceStarted'),
      ...task('a#1'),
      ...task('b#1', 'automated'),
      event('StepActivated', { activationId: 'w#1', stepKind: 'wait-for-event' }),
      event('TriggerCorrelated', { activationId: 'w#1' }),
      event('StepCompleted', { activationId: 'w#1' }),
      event('InstanceCompleted'),
    );
    expect(transitionViolations(clean)).toEqual([]);
  });

  it('reports a duplicated transition, a missing one and a repeated event id', () => {
    const events = stream(
      event('InstanceStarted'),
      event('StepActivated', { activationId: 'a#1', stepKind: 'approval' }),
      event('StepAssigned', { activationId: 'a#1' }),
      event('StepAssigned', { activationId: 'a#1' }),
      event('StepCompleted', { activationId: 'a#1' }),
      event('InstanceCompleted'),
    );
    events[5] = { ...(events[5] as StoredEvent), eventId: 'e1' };
    expect(transitionViolations(events)).toEqual([
      '1 repeated event id(s)',
      'a#1: StepAssigned ×2 (want 1)',
      'a#1: StepStarted ×0 (want 1)',
    ]);
  });

  it('reports a gap in stream versions, a second end and an unfinished instance', () => {
    const events = stream(
      event('InstanceStarted'),
      ...task('a#1'),
      event('StepFailed', { activationId: 'a#1' }),
    ).map((e) => (e.streamVersion >= 4 ? { ...e, streamVersion: e.streamVersion + 1 } : e));
    expect(transitionViolations(events)).toEqual([
      'event 4 has stream version 5',
      'event 5 has stream version 6',
      'event 6 has stream version 7',
      'InstanceCompleted ×0, last event StepFailed',
      'a#1: 2 ends (StepCompleted/StepFailed), want 1',
    ]);
  });
});
