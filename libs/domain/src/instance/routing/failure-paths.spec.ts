import {
  aDefinition,
  anInstanceCancelled,
  anInstanceFailed,
  anInstanceStarted,
  aStepActivated,
  aStepCompleted,
  aStepFailed,
  aStepStarted,
  automated,
  cancelPath,
  complete,
  exceptionStepPath,
  fail,
  from,
  handoff,
  humanTask,
  instanceSpec,
} from '../testing';

/**
 * Invoicing that fails goes to a reconciliation step that hands back to invoicing; a failed
 * sanctions check cancels everything; nothing handles a failed document collection.
 */
const definition = aDefinition({
  steps: [
    humanTask('collect-docs'),
    automated('invoice'),
    humanTask('reconcile'),
    automated('sanctions-check'),
  ],
  handoffs: [
    handoff('go', 'start', ['collect-docs', 'sanctions-check']),
    handoff('docs-invoice', 'collect-docs', 'invoice'),
    handoff('invoice-end', 'invoice', 'end'),
    handoff('reconciled', 'reconcile', 'invoice'),
    handoff('sanctions-end', 'sanctions-check', 'end'),
  ],
  exceptions: [
    exceptionStepPath('invoice-mismatch', 'invoice', 'reconcile', { on: 'failed' }),
    cancelPath('sanctions-hit', 'sanctions-check', { on: 'failed' }),
  ],
});
const spec = instanceSpec(definition);
const started = [anInstanceStarted(), aStepActivated({ stepId: 'sanctions-check', stepKind: 'automated' })];

describe('Instance exception paths on failure', () => {
  describe('a failure with an exception step', () => {
    const invoicing = [
      ...started,
      aStepActivated({ stepId: 'invoice', stepKind: 'automated' }),
      aStepStarted({ stepId: 'invoice' }),
    ];

    it('activates the exception step, keeping the system error code', () => {
      spec
        .given(invoicing)
        .when(fail('invoice#1', 'amount differs from order', {}, 'ERP-409'))
        .then([
          aStepFailed({
            stepId: 'invoice',
            kind: 'failed',
            reason: 'amount differs from order',
            errorCode: 'ERP-409',
            exceptionPathId: 'invoice-mismatch',
          }),
          aStepActivated({ stepId: 'reconcile', handedOffFrom: [from('invoice-mismatch', 'invoice#1')] }),
        ]);
    });

    it('routes by the exception step own handoffs once it completes: back to invoicing', () => {
      spec
        .given([
          ...invoicing,
          aStepFailed({ stepId: 'invoice', kind: 'failed', exceptionPathId: 'invoice-mismatch' }),
          aStepActivated({ stepId: 'reconcile' }),
          aStepStarted({ stepId: 'reconcile' }),
        ])
        .when(complete('reconcile#1'))
        .then([
          aStepCompleted({ stepId: 'reconcile', routedVia: ['reconciled'] }),
          aStepActivated({
            stepId: 'invoice',
            stepKind: 'automated',
            attempt: 2,
            handedOffFrom: [from('reconciled', 'reconcile#1')],
          }),
        ]);
    });

    it('accepts a failure before the step is started', () => {
      const [failed] = spec
        .given([...started, aStepActivated({ stepId: 'invoice', stepKind: 'automated' })])
        .when(fail('invoice#1', 'queue unavailable'))
        .events();
      expect(failed).toMatchObject({ type: 'StepFailed', data: { exceptionPathId: 'invoice-mismatch' } });
    });
  });

  describe('a failure with a cancel path', () => {
    it('cancels the instance and every other open activation', () => {
      spec
        .given([...started, aStepActivated({ stepId: 'collect-docs' })])
        .when(fail('sanctions-check#1', 'listed entity'))
        .then([
          aStepFailed({
            stepId: 'sanctions-check',
            kind: 'failed',
            reason: 'listed entity',
            exceptionPathId: 'sanctions-hit',
          }),
          anInstanceCancelled({
            reason: 'step sanctions-check failed: listed entity (exception path sanctions-hit)',
            cancelledActivationIds: ['collect-docs#1'],
            exceptionPathId: 'sanctions-hit',
          }),
        ]);
    });
  });

  describe('a failure no path handles', () => {
    it('fails the instance', () => {
      spec
        .given([...started, aStepActivated({ stepId: 'collect-docs' })])
        .when(fail('collect-docs#1', 'vendor unreachable'))
        .then([
          aStepFailed({ stepId: 'collect-docs', kind: 'failed', reason: 'vendor unreachable' }),
          anInstanceFailed({
            reason: 'step collect-docs failed: vendor unreachable; no exception path handles it',
            activationId: 'collect-docs#1',
            cancelledActivationIds: ['sanctions-check#1'],
          }),
        ]);
    });
  });
});
