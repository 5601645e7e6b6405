import { IllegalStateError, ValidationError } from '../../shared/errors';
import { openHandoffClocks } from '../handoff-clocks';
import { evolveAll } from '../evolve';
import { initialInstanceState } from '../state';
import {
  aDefinition,
  aHandoffAtRisk,
  aHandoffBreached,
  anInstanceCancelled,
  anInstanceStarted,
  aStepActivated,
  aStepAssigned,
  aStepCompleted,
  aStepStarted,
  from,
  fromStart,
  handoff,
  HOUR,
  humanTask,
  instanceSpec,
  markHandoffAtRisk,
  markHandoffBreached,
  MINUTE,
  T0,
} from '../testing';

// triage → review must be picked up within 4 hours of triage's completion, at risk after 3 (75%).
const coordinator = { kind: 'role', role: 'coordinator' } as const;
const definition = aDefinition({
  steps: [humanTask('triage'), humanTask('review'), humanTask('archive')],
  handoffs: [
    handoff('go', 'start', 'triage', { sla: { withinMs: HOUR } }),
    handoff('to-review', 'triage', 'review', {
      trigger: { kind: 'completion' },
      sla: { withinMs: 4 * HOUR, atRiskPercent: 75 },
      owner: coordinator,
    }),
    handoff('to-archive', 'review', 'archive', { trigger: { kind: 'completion' } }),
    handoff('done', 'archive', 'end'),
  ],
});
const spec = instanceSpec(definition);
const T1 = T0 + HOUR; // triage completed
const atRiskAt = T1 + 3 * HOUR;
const dueAt = T1 + 4 * HOUR;
const ref = { handoffId: 'to-review', fromActivationId: 'triage#1', toStepId: 'review' };
const edge = {
  handoffId: 'to-review',
  fromStepId: 'triage',
  fromActivationId: 'triage#1',
  toStepId: 'review',
};
const waiting = [
  anInstanceStarted(),
  aStepActivated({ stepId: 'triage', handedOffFrom: [fromStart('go')] }),
  aStepStarted({ stepId: 'triage', personId: 'alice' }, { at: T0 + 10 * MINUTE }),
  aStepCompleted({ stepId: 'triage', routedVia: ['to-review'] }, { at: T1 }),
  aStepActivated({ stepId: 'review', handedOffFrom: [from('to-review', 'triage#1', T1)] }, { at: T1 }),
];
const alert = {
  ...edge,
  fromCompletedAt: T1,
  toActivationId: 'review#1',
  stage: 'assignment' as const,
  dueAt,
  owner: coordinator,
};

describe('Instance', () => {
  describe('when a handoff with an SLA waits for its target to start', () => {
    it('records it at risk once its threshold has passed', () => {
      spec
        .given(waiting)
        .when(markHandoffAtRisk(ref, { now: atRiskAt }))
        .then([aHandoffAtRisk({ ...alert, atRiskAt }, { at: atRiskAt })]);
    });

    it('says where it waits: for an owner, then for the assignee to start', () => {
      const assigned = [...waiting, aStepAssigned({ stepId: 'review', personId: 'bob' }, { at: T1 + HOUR })];
      spec
        .given(assigned)
        .when(markHandoffAtRisk(ref, { now: atRiskAt }))
        .then([aHandoffAtRisk({ ...alert, stage: 'pickup', assigneeId: 'bob', atRiskAt }, { at: atRiskAt })]);
    });

    it('refuses to mark it at risk before the threshold', () => {
      const error = spec
        .given(waiting)
        .when(markHandoffAtRisk(ref, { now: atRiskAt - 1 }))
        .thenThrows(IllegalStateError, 'HANDOFF.NOT_YET_AT_RISK');
      expect(error.details).toMatchObject({ atRiskAt, dueAt, allowed: [] });
    });

    it('records the breach only after the deadline: starting exactly at it meets the SLA', () => {
      spec
        .given(waiting)
        .when(markHandoffBreached(ref, { now: dueAt }))
        .thenThrows(IllegalStateError, 'HANDOFF.NOT_YET_DUE');
      spec
        .given(waiting)
        .when(markHandoffBreached(ref, { now: dueAt + 1 }))
        .then([aHandoffBreached(alert, { at: dueAt + 1 })]);
    });

    it('records each alert once: a retry records nothing, another key is refused', () => {
      const atRisk = aHandoffAtRisk({ ...alert, atRiskAt }, { at: atRiskAt, idempotencyKey: 'r' });
      const breached = aHandoffBreached(alert, { at: dueAt + 1, idempotencyKey: 'b' });
      const history = [...waiting, atRisk, breached];
      spec
        .given(history)
        .when(markHandoffBreached(ref, { now: dueAt + 2, idempotencyKey: 'b' }))
        .then([]);
      spec
        .given(history)
        .when(markHandoffBreached(ref, { now: dueAt + 2, idempotencyKey: 'b2' }))
        .thenThrows(IllegalStateError, 'HANDOFF.ALREADY_BREACHED');
      spec
        .given([...waiting, atRisk])
        .when(markHandoffAtRisk(ref, { now: atRiskAt + 1, idempotencyKey: 'r2' }))
        .thenThrows(IllegalStateError, 'HANDOFF.ALREADY_AT_RISK');
      spec
        .given(history)
        .when(markHandoffAtRisk(ref, { now: dueAt + 2 }))
        .thenThrows(IllegalStateError, 'HANDOFF.ALREADY_BREACHED');
    });

    it('does not mark it at risk once the deadline has passed: the breach is the news', () => {
      const error = spec
        .given(waiting)
        .when(markHandoffAtRisk(ref, { now: dueAt + 1 }))
        .thenThrows(IllegalStateError, 'HANDOFF.PAST_DUE');
      expect(error.details['allowed']).toEqual(['MarkHandoffBreached']);
    });

    it('times a handoff from start from the instance start, with no at-risk threshold', () => {
      const started = waiting.slice(0, 2);
      const fromStartRef = { handoffId: 'go', toStepId: 'triage' };
      spec
        .given(started)
        .when(markHandoffBreached(fromStartRef, { now: T0 + HOUR + 1 }))
        .then([
          aHandoffBreached(
            {
              handoffId: 'go',
              fromStepId: 'start',
              toStepId: 'triage',
              toActivationId: 'triage#1',
              dueAt: T0 + HOUR,
            },
            { at: T0 + HOUR + 1 },
          ),
        ]);
      spec
        .given(started)
        .when(markHandoffAtRisk(fromStartRef, { now: T0 + HOUR }))
        .thenThrows(ValidationError, 'HANDOFF.NO_AT_RISK_THRESHOLD');
    });
  });

  describe('when the target started in time', () => {
    const pickedUp = [...waiting, aStepStarted({ stepId: 'review', personId: 'bob' }, { at: T1 + 2 * HOUR })];

    it('has no clock left and records nothing', () => {
      expect(openHandoffClocks(evolveAll(initialInstanceState(), pickedUp), definition)).toEqual([]);
      spec
        .given(pickedUp)
        .when(markHandoffAtRisk(ref, { now: atRiskAt }))
        .thenThrows(IllegalStateError, 'HANDOFF.NOT_WAITING');
      spec
        .given(pickedUp)
        .when(markHandoffBreached(ref, { now: dueAt + 1 }))
        .thenThrows(IllegalStateError, 'HANDOFF.NOT_WAITING');
    });
  });

  describe('when the instance ended or the handoff has no SLA', () => {
    it('refuses', () => {
      spec
        .given([...waiting, anInstanceCancelled({}, { at: T1 + HOUR })])
        .when(markHandoffBreached(ref, { now: dueAt + 1 }))
        .thenThrows(IllegalStateError, 'INSTANCE.TERMINATED');
      spec
        .given(waiting)
        .when(
          markHandoffBreached({ handoffId: 'to-archive', fromActivationId: 'review#1', toStepId: 'archive' }),
        )
        .thenThrows(ValidationError, 'HANDOFF.NO_SLA');
    });
  });
});
