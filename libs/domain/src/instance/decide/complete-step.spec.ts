import { IllegalStateError, ValidationError } from '../../shared/errors';
import {
  aDefinition,
  anInstanceCompleted,
  anInstanceStarted,
  approval,
  aStepActivated,
  aStepCompleted,
  aStepStarted,
  complete,
  field,
  from,
  handoff,
  HOUR,
  humanTask,
  instanceSpec,
  T0,
  waitForEvent,
} from '../testing';

const definition = aDefinition({
  steps: [
    humanTask('prepare', { outputs: [field('amount', 'number'), field('dueDate', 'date')] }),
    approval('approve', ['approved', 'returned']),
    waitForEvent('paid', 'payment.received', 'orderId'),
  ],
  handoffs: [
    handoff('go', 'start', 'prepare'),
    handoff('prepare-approve', 'prepare', 'approve'),
    handoff('approved', 'approve', 'end', { trigger: { kind: 'outcome', outcomes: ['approved'] } }),
    handoff('returned', 'approve', 'prepare', { trigger: { kind: 'outcome', outcomes: ['returned'] } }),
    handoff('paid-end', 'paid', 'end'),
  ],
});
const spec = instanceSpec(definition);
const preparing = [
  anInstanceStarted({ data: { orderId: 'O-1' } }),
  aStepActivated({ stepId: 'prepare' }),
  aStepStarted({ stepId: 'prepare', personId: 'alice' }),
];
const approving = [
  ...preparing,
  aStepCompleted({ stepId: 'prepare', output: { amount: 5 }, routedVia: ['prepare-approve'] }),
  aStepActivated({
    stepId: 'approve',
    stepKind: 'approval',
    handedOffFrom: [from('prepare-approve', 'prepare#1')],
  }),
  aStepStarted({ stepId: 'approve', personId: 'bob' }),
];

describe('Instance', () => {
  describe('when a started step completes', () => {
    it('records the completion with its output and hands off to the next step', () => {
      const at = T0 + HOUR;
      spec
        .given(preparing)
        .when(
          complete(
            'prepare#1',
            { output: { amount: 5, dueDate: '2026-02-01' }, personId: 'alice' },
            { now: at },
          ),
        )
        .then([
          aStepCompleted(
            {
              stepId: 'prepare',
              output: { amount: 5, dueDate: '2026-02-01' },
              personId: 'alice',
              routedVia: ['prepare-approve'],
            },
            { at },
          ),
          aStepActivated(
            {
              stepId: 'approve',
              stepKind: 'approval',
              handedOffFrom: [from('prepare-approve', 'prepare#1', at)],
            },
            { at },
          ),
        ]);
    });

    it('refuses an output that contradicts the declared output types', () => {
      const error = spec
        .given(preparing)
        .when(complete('prepare#1', { output: { amount: 'five', dueDate: '2026-02-30' } }))
        .thenThrows(ValidationError, 'STEP.OUTPUT_INVALID');
      expect(error.violations.map((v) => v.field)).toEqual(['data.amount', 'data.dueDate']);
    });

    it('refuses an outcome on a step that is not an approval', () => {
      spec
        .given(preparing)
        .when(complete('prepare#1', { outcome: 'approved' }))
        .thenThrows(ValidationError, 'OUTCOME.UNKNOWN');
    });
  });

  describe('when an approval completes', () => {
    it('requires an outcome', () => {
      const error = spec
        .given(approving)
        .when(complete('approve#1'))
        .thenThrows(ValidationError, 'OUTCOME.REQUIRED');
      expect(error.message).toContain('approved, returned');
    });

    it('refuses an outcome the approval does not have', () => {
      const error = spec
        .given(approving)
        .when(complete('approve#1', { outcome: 'maybe' }))
        .thenThrows(ValidationError, 'OUTCOME.UNKNOWN');
      expect(error.violations[0]?.description).toBe('must be one of approved, returned');
    });

    it('follows the handoff of its outcome and completes the instance at the end', () => {
      spec
        .given(approving)
        .when(complete('approve#1', { outcome: 'approved' }))
        .then([
          aStepCompleted({ stepId: 'approve', outcome: 'approved', routedVia: ['approved'] }),
          anInstanceCompleted({ data: { orderId: 'O-1', amount: 5 } }),
        ]);
    });

    it('loops back on another outcome with a new activation of the earlier step', () => {
      spec
        .given(approving)
        .when(complete('approve#1', { outcome: 'returned', output: { comments: 'split it' } }))
        .then([
          aStepCompleted({
            stepId: 'approve',
            outcome: 'returned',
            output: { comments: 'split it' },
            routedVia: ['returned'],
          }),
          aStepActivated({ stepId: 'prepare', attempt: 2, handedOffFrom: [from('returned', 'approve#1')] }),
        ]);
    });
  });

  describe('when a step waits for an event', () => {
    it('is completed by the event, not by CompleteStep', () => {
      spec
        .given([
          anInstanceStarted({ data: { orderId: 'O-1' } }),
          aStepActivated({ stepId: 'paid', stepKind: 'wait-for-event' }),
        ])
        .when(complete('paid#1'))
        .thenThrows(IllegalStateError, 'STEP.KIND_MISMATCH');
    });
  });
});
