import { NotFoundError, ValidationError } from '../../shared/errors';
import {
  aDefinition,
  anInstanceCompleted,
  anInstanceStarted,
  aStepActivated,
  aStepCompleted,
  aStepStarted,
  aTriggerCorrelated,
  complete,
  correlate,
  field,
  from,
  handoff,
  humanTask,
  instanceSpec,
  waitForEvent,
} from '../testing';

const definition = aDefinition({
  steps: [
    humanTask('send-invoice'),
    waitForEvent('await-payment', 'payment.received', 'orderId', [field('amount', 'number')]),
    humanTask('send-offer'),
    humanTask('provision'),
  ],
  handoffs: [
    handoff('go', 'start', ['send-invoice', 'send-offer']),
    handoff('invoice-payment', 'send-invoice', 'await-payment'),
    handoff('paid-end', 'await-payment', 'end'),
    handoff('offer-signed', 'send-offer', 'provision', {
      trigger: { kind: 'event', event: 'hr.offer.signed', correlationKey: 'candidateId' },
      data: [field('startDate', 'date')],
    }),
    handoff('provision-end', 'provision', 'end'),
  ],
});
const spec = instanceSpec(definition);
const data = { orderId: 'O-7', candidateId: 'C-3' };
const awaitingPayment = [
  anInstanceStarted({ data }),
  aStepActivated({ stepId: 'send-invoice' }),
  aStepActivated({ stepId: 'send-offer' }),
  aStepStarted({ stepId: 'send-invoice' }),
  aStepCompleted({ stepId: 'send-invoice', routedVia: ['invoice-payment'] }),
  aStepActivated({
    stepId: 'await-payment',
    stepKind: 'wait-for-event',
    handedOffFrom: [from('invoice-payment', 'send-invoice#1')],
  }),
];
const offerSent = [
  ...awaitingPayment,
  aStepStarted({ stepId: 'send-offer' }),
  aStepCompleted({ stepId: 'send-offer', routedVia: ['offer-signed'] }),
];

describe('Instance', () => {
  describe('when a step waits for an event', () => {
    it('completes it with the payload as output when the correlated event arrives', () => {
      spec
        .given(awaitingPayment)
        .when(correlate('payment.received', 'O-7', { amount: 120 }))
        .then([
          aTriggerCorrelated({
            triggerType: 'payment.received',
            correlationKey: 'O-7',
            activationId: 'await-payment#1',
            payload: { amount: 120 },
          }),
          aStepCompleted({ stepId: 'await-payment', output: { amount: 120 }, routedVia: ['paid-end'] }),
        ]);
    });

    it('refuses an event for another order', () => {
      const error = spec
        .given(awaitingPayment)
        .when(correlate('payment.received', 'O-8', { amount: 120 }))
        .thenThrows(NotFoundError, 'TRIGGER.NOT_CORRELATED');
      expect(error.details).toMatchObject({ triggerType: 'payment.received', correlationKey: 'O-8' });
    });

    it('refuses a payload without what the step requires', () => {
      const error = spec
        .given(awaitingPayment)
        .when(correlate('payment.received', 'O-7', { amount: '120' }))
        .thenThrows(ValidationError, 'TRIGGER.DATA_CONTRACT_VIOLATED');
      expect(error.violations[0]).toMatchObject({ field: 'data.amount', reason: 'TYPE_MISMATCH' });
    });
  });

  describe('when a handoff waits for an event', () => {
    it('routes the completion but activates nothing until the event', () => {
      spec
        .given([...awaitingPayment, aStepStarted({ stepId: 'send-offer' })])
        .when(complete('send-offer#1'))
        .then([aStepCompleted({ stepId: 'send-offer', routedVia: ['offer-signed'] })]);
    });

    it('keeps the instance open while it waits, even with no step open', () => {
      const paid = spec
        .given(offerSent)
        .when(correlate('payment.received', 'O-7', { amount: 120 }))
        .events();
      expect(paid.map((e) => e.type)).toEqual(['TriggerCorrelated', 'StepCompleted']);
    });

    it('releases the handoff when the event arrives, merging its payload', () => {
      spec
        .given(offerSent)
        .when(correlate('hr.offer.signed', 'C-3', { startDate: '2026-03-01' }))
        .then([
          aTriggerCorrelated({
            triggerType: 'hr.offer.signed',
            correlationKey: 'C-3',
            handoffId: 'offer-signed',
            payload: { startDate: '2026-03-01' },
          }),
          aStepActivated({ stepId: 'provision', handedOffFrom: [from('offer-signed', 'send-offer#1')] }),
        ]);
    });

    it('refuses the release when the data contract is not met, even with the payload', () => {
      spec
        .given(offerSent)
        .when(correlate('hr.offer.signed', 'C-3', { startDate: 'soon' }))
        .thenThrows(ValidationError, 'HANDOFF.DATA_CONTRACT_VIOLATED');
    });

    it('does not release a handoff whose upstream step has not completed', () => {
      spec
        .given(awaitingPayment)
        .when(correlate('hr.offer.signed', 'C-3', { startDate: '2026-03-01' }))
        .thenThrows(NotFoundError, 'TRIGGER.NOT_CORRELATED');
    });

    it('completes the instance once the last wait is over', () => {
      const released = [
        ...offerSent,
        aTriggerCorrelated({
          triggerType: 'hr.offer.signed',
          correlationKey: 'C-3',
          handoffId: 'offer-signed',
        }),
        aStepActivated({ stepId: 'provision', handedOffFrom: [from('offer-signed', 'send-offer#1')] }),
        aStepStarted({ stepId: 'provision' }),
        aStepCompleted({ stepId: 'provision', routedVia: ['provision-end'] }),
      ];
      spec
        .given(released)
        .when(correlate('payment.received', 'O-7', { amount: 1 }))
        .then([
          aTriggerCorrelated({
            triggerType: 'payment.received',
            correlationKey: 'O-7',
            activationId: 'await-payment#1',
            payload: { amount: 1 },
          }),
          aStepCompleted({ stepId: 'await-payment', output: { amount: 1 }, routedVia: ['paid-end'] }),
          anInstanceCompleted({ data: { ...data, amount: 1 } }),
        ]);
    });
  });

  it('refuses a blank correlation key', () => {
    spec
      .given(awaitingPayment)
      .when(correlate('payment.received', ''))
      .thenThrows(ValidationError, 'COMMAND.INVALID');
  });
});
