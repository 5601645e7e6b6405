import { evolve, evolveAll } from './evolve';
import { initialInstanceState, type InstanceState } from './state';
import {
  anInstanceCompleted,
  anInstanceFailed,
  anInstanceStarted,
  aStepActivated,
  aStepAssigned,
  aStepCompleted,
  aStepEscalated,
  aStepOverdue,
  aStepReassigned,
  aStepStarted,
  aTriggerCorrelated,
  DAY,
  from,
  T0,
} from './testing';

const fold = (...events: Parameters<typeof evolve>[1][]): InstanceState =>
  evolveAll(initialInstanceState(), events);

describe('Instance evolve', () => {
  it('ignores step events before the start', () => {
    expect(fold(aStepActivated({ stepId: 'a' }))).toEqual({ status: 'not-started' });
  });

  it('ignores a second start and anything after the end', () => {
    const ended = fold(anInstanceStarted(), anInstanceCompleted({ data: { x: 1 } }));
    expect(evolve(ended, aStepActivated({ stepId: 'a' }))).toBe(ended);
    expect(evolve(ended, anInstanceStarted())).toBe(ended);
    expect(ended).toMatchObject({ status: 'completed', endedAt: T0, data: { x: 1 } });
  });

  it('ignores events for activations it does not know', () => {
    const running = fold(anInstanceStarted());
    for (const event of [
      aStepAssigned({ stepId: 'x' }),
      aStepStarted({ stepId: 'x' }),
      aStepCompleted({ stepId: 'x' }),
      aStepOverdue({ stepId: 'x' }),
    ]) {
      expect(evolve(running, event)).toEqual(running);
    }
  });

  it('tracks an activation through its lifecycle', () => {
    const state = fold(
      anInstanceStarted({ triggerType: 'crm.deal.closed' }),
      aStepActivated({ stepId: 'a', dueAt: T0 + DAY }),
      aStepAssigned({ stepId: 'a', personId: 'alice', teamId: 'sales' }),
      aStepStarted({ stepId: 'a' }),
      aStepOverdue({ stepId: 'a' }, { at: T0 + DAY }),
      aStepEscalated({ stepId: 'a', level: 1, action: 'notify', toPersonId: 'lead' }),
      aStepReassigned({ stepId: 'a', toPersonId: 'bob' }),
      aStepAssigned({ stepId: 'a', personId: 'carol' }),
    );
    expect(state).toMatchObject({
      triggerType: 'crm.deal.closed',
      activations: {
        'a#1': {
          status: 'started',
          assigneeId: 'carol',
          teamId: 'sales',
          dueAt: T0 + DAY,
          overdueSince: T0 + DAY,
          escalationLevel: 1,
        },
      },
    });
  });

  it('keeps the assignee when an unassigned automated step is started by a system', () => {
    const state = fold(anInstanceStarted(), aStepActivated({ stepId: 'a' }), aStepStarted({ stepId: 'a' }));
    expect(state).toMatchObject({ activations: { 'a#1': { status: 'started' } } });
    expect(state.status === 'running' && 'assigneeId' in (state.activations['a#1'] ?? {})).toBe(false);
  });

  it('records join arrivals and opens a new round when a step arrives again after the join fired', () => {
    const state = fold(
      anInstanceStarted(),
      aStepActivated({ stepId: 'a' }),
      aStepCompleted({ stepId: 'a', routedVia: ['j'] }),
      aStepActivated({ stepId: 'd', handedOffFrom: [from('j', 'a#1')] }),
      aStepActivated({ stepId: 'a', attempt: 2 }),
      aStepCompleted({ stepId: 'a', activationId: 'a#2', routedVia: ['j'] }),
    );
    expect(state).toMatchObject({ handoffRounds: { j: { fired: false, arrivals: [from('j', 'a#2')] } } });
  });

  it('merges trigger payloads into the data and closes everything open when the instance fails', () => {
    const state = fold(
      anInstanceStarted({ data: { orderId: 'O-1' } }),
      aStepActivated({ stepId: 'a' }),
      aTriggerCorrelated({ triggerType: 't', correlationKey: 'O-1', payload: { paid: true } }),
      anInstanceFailed({ reason: 'boom', cancelledActivationIds: ['a#1'] }),
    );
    expect(state).toMatchObject({
      status: 'failed',
      reason: 'boom',
      data: { orderId: 'O-1', paid: true },
      activations: {},
      closedActivations: { 'a#1': { stepId: 'a', status: 'cancelled' } },
    });
  });
});
