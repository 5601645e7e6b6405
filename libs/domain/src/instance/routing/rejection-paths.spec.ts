import { IllegalStateError, ValidationError } from '../../shared/errors';
import {
  aDefinition,
  anInstanceFailed,
  anInstanceStarted,
  approval,
  aStepActivated,
  aStepFailed,
  aStepStarted,
  automated,
  complete,
  exceptionStepPath,
  failPath,
  from,
  handoff,
  humanTask,
  instanceSpec,
  reject,
  reworkPath,
} from '../testing';

/**
 * Vendor onboarding: Procurement collects documents while a sanctions check runs; Legal reviews
 * (a rejection sends the work back, at most twice, then to a vendor-manager review).
 */
const definition = aDefinition({
  steps: [
    humanTask('collect-docs'),
    approval('legal-review', ['approved', 'rejected', 'blocked']),
    humanTask('vendor-manager-review'),
    automated('invoice'),
    automated('sanctions-check'),
  ],
  handoffs: [
    handoff('go', 'start', ['collect-docs', 'sanctions-check']),
    handoff('docs-legal', 'collect-docs', 'legal-review'),
    handoff('legal-invoice', 'legal-review', 'invoice', {
      trigger: { kind: 'outcome', outcomes: ['approved'] },
    }),
    handoff('manager-invoice', 'vendor-manager-review', 'invoice'),
    handoff('invoice-end', 'invoice', 'end'),
    handoff('sanctions-end', 'sanctions-check', 'end'),
  ],
  exceptions: [
    reworkPath('legal-rework', 'legal-review', 'collect-docs', 2, { outcomes: ['rejected'] }),
    exceptionStepPath('legal-escalate', 'legal-review', 'vendor-manager-review', { outcomes: ['rejected'] }),
    failPath('legal-blocked', 'legal-review', { outcomes: ['blocked'] }),
  ],
});
const spec = instanceSpec(definition);
const started = [anInstanceStarted(), aStepActivated({ stepId: 'sanctions-check', stepKind: 'automated' })];

/** Legal review in its n-th attempt, started, after n - 1 rework loops. */
function inLegalReview(attempt: number) {
  const loops = Array.from({ length: attempt - 1 }, (_, i) => [
    aStepActivated({ stepId: 'legal-review', stepKind: 'approval', attempt: i + 1 }),
    aStepFailed({
      stepId: 'legal-review',
      activationId: `legal-review#${i + 1}`,
      exceptionPathId: 'legal-rework',
    }),
  ]).flat();
  return [
    ...started,
    ...loops,
    aStepActivated({ stepId: 'legal-review', stepKind: 'approval', attempt }),
    aStepStarted({ stepId: 'legal-review', activationId: `legal-review#${attempt}` }),
  ];
}

describe('Instance exception paths on rejection', () => {
  describe('a rejection with a rework path', () => {
    it('records the rejection and activates the earlier step again, as its next attempt', () => {
      spec
        .given([...inLegalReview(1), aStepActivated({ stepId: 'collect-docs', attempt: 1 })])
        .when(reject('legal-review#1', 'missing insurance certificate', {}, 'rejected'))
        .then([
          aStepFailed({
            stepId: 'legal-review',
            kind: 'rejected',
            reason: 'missing insurance certificate',
            outcome: 'rejected',
            exceptionPathId: 'legal-rework',
          }),
          aStepActivated({
            stepId: 'collect-docs',
            attempt: 2,
            handedOffFrom: [from('legal-rework', 'legal-review#1')],
          }),
        ]);
    });

    it('falls back to the next matching path once its bound is used up', () => {
      spec
        .given(inLegalReview(3))
        .when(reject('legal-review#3', 'still missing', {}, 'rejected'))
        .then([
          aStepFailed({
            stepId: 'legal-review',
            activationId: 'legal-review#3',
            reason: 'still missing',
            outcome: 'rejected',
            exceptionPathId: 'legal-escalate',
          }),
          aStepActivated({
            stepId: 'vendor-manager-review',
            handedOffFrom: [from('legal-escalate', 'legal-review#3')],
          }),
        ]);
    });

    it('fails the instance with the reason when the bound is used up and nothing else matches', () => {
      const reworkOnly = aDefinition({ ...definition, exceptions: definition.exceptions.slice(0, 1) });
      instanceSpec(reworkOnly)
        .given(inLegalReview(3))
        .when(reject('legal-review#3', 'still missing', {}, 'rejected'))
        .then([
          aStepFailed({
            stepId: 'legal-review',
            activationId: 'legal-review#3',
            reason: 'still missing',
            outcome: 'rejected',
          }),
          anInstanceFailed({
            reason:
              'step legal-review was rejected: still missing; loop bound reached (legal-rework after 2 iterations)',
            activationId: 'legal-review#3',
            cancelledActivationIds: ['sanctions-check#1'],
          }),
        ]);
    });

    it('fails the instance on an outcome whose path says so', () => {
      const [, failed] = spec
        .given(inLegalReview(1))
        .when(reject('legal-review#1', 'sanctioned owner', {}, 'blocked'))
        .events();
      expect(failed).toEqual(
        anInstanceFailed({
          reason: 'step legal-review was rejected: sanctioned owner (exception path legal-blocked)',
          activationId: 'legal-review#1',
          cancelledActivationIds: ['sanctions-check#1'],
        }),
      );
    });

    it('refuses to complete with a rejection outcome: a rejection carries its reason', () => {
      const error = spec
        .given(inLegalReview(1))
        .when(complete('legal-review#1', { outcome: 'rejected' }))
        .thenThrows(ValidationError, 'OUTCOME.IS_REJECTION');
      expect(error.message).toContain('exception path legal-rework');
    });

    it('refuses to reject with an outcome that is handed off', () => {
      spec
        .given(inLegalReview(1))
        .when(reject('legal-review#1', 'fine', {}, 'approved'))
        .thenThrows(ValidationError, 'OUTCOME.NOT_A_REJECTION');
    });

    it('refuses a rejection of a step not yet started', () => {
      spec
        .given([...started, aStepActivated({ stepId: 'legal-review', stepKind: 'approval' })])
        .when(reject('legal-review#1'))
        .thenThrows(IllegalStateError, 'STEP.NOT_STARTED');
    });
  });
});
