import { IllegalStateError } from '../../shared/errors';
import {
  aDefinition,
  anInstanceStarted,
  aStepActivated,
  aStepCompleted,
  DAY,
  fireTimer,
  from,
  fromStart,
  handoff,
  humanTask,
  instanceSpec,
  startInstance,
  T0,
  timer,
  versionOf,
} from '../testing';

const renewalDate = '2026-12-31';
const renewalAt = Date.UTC(2026, 11, 31);
const definition = aDefinition({
  steps: [
    timer('renewal-due', { kind: 'relative', field: 'renewalDate', offsetMs: -60 * DAY }),
    humanTask('renewal-outreach'),
  ],
  handoffs: [
    handoff('go', 'start', 'renewal-due'),
    handoff('timer-outreach', 'renewal-due', 'renewal-outreach'),
    handoff('outreach-end', 'renewal-outreach', 'end'),
  ],
});
const spec = instanceSpec(definition);
const fireAt = renewalAt - 60 * DAY;
const waiting = [
  anInstanceStarted({ data: { renewalDate } }),
  aStepActivated({
    stepId: 'renewal-due',
    stepKind: 'timer',
    dueAt: fireAt,
    handedOffFrom: [fromStart('go')],
  }),
];

describe('Instance', () => {
  describe('when a timer step activates', () => {
    it('is due when it fires: sixty days before the renewal date', () => {
      spec
        .given([])
        .when(startInstance(versionOf(definition), { renewalDate }))
        .then(waiting);
    });
  });

  describe('when its time comes', () => {
    it('completes and hands off', () => {
      spec
        .given(waiting)
        .when(fireTimer('renewal-due#1', { now: fireAt }))
        .then([
          aStepCompleted({ stepId: 'renewal-due', routedVia: ['timer-outreach'] }, { at: fireAt }),
          aStepActivated(
            { stepId: 'renewal-outreach', handedOffFrom: [from('timer-outreach', 'renewal-due#1', fireAt)] },
            { at: fireAt },
          ),
        ]);
    });

    it('refuses to fire early', () => {
      const error = spec
        .given(waiting)
        .when(fireTimer('renewal-due#1', { now: fireAt - 1 }))
        .thenThrows(IllegalStateError, 'TIMER.NOT_DUE');
      expect(error.details).toMatchObject({ dueAt: fireAt, allowed: ['FireTimer', 'FailStep'] });
      expect(T0).toBeLessThan(fireAt);
    });

    it('refuses to fire a step that is not a timer', () => {
      spec
        .given([...waiting, aStepActivated({ stepId: 'renewal-outreach' })])
        .when(fireTimer('renewal-outreach#1', { now: fireAt }))
        .thenThrows(IllegalStateError, 'STEP.KIND_MISMATCH');
    });
  });
});
