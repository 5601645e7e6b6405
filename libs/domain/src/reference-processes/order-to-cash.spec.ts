import {
  anInstanceCompleted,
  assign,
  aStepAssigned,
  aStepCompleted,
  aStepStarted,
  aTriggerCorrelated,
  complete,
  correlate,
  DAY,
  from,
  fromStart,
  HOUR,
  pickUp,
  replay,
  startInstance,
  T0,
  versionOf,
} from '../instance/testing';
import { activationOf, startedBy } from './testing/reference-process';
import { at, definition, invoice, order, spec } from './testing/order-to-cash.fixture';

const start = startInstance(
  versionOf(definition),
  order,
  {},
  { businessKey: 'SO-1001', triggerType: 'commerce.order.placed' },
);

describe('Order to cash (examples/order-to-cash.yaml)', () => {
  describe('on the happy path', () => {
    it('runs from the placed order through terms, billing, invoice, fulfilment and delivery to payment', () => {
      let history = spec
        .given([])
        .when(start)
        .then([
          startedBy(definition, order, 'SO-1001'),
          activationOf(definition, 'confirm-terms', {
            handedOffFrom: [fromStart('start->confirm-terms')],
            dueAt: T0 + DAY,
          }),
        ]);
      history = spec
        .given(history)
        .when(assign('confirm-terms#1', 'sam', at(1), 'round-robin in sales'))
        .then([
          aStepAssigned(
            { stepId: 'confirm-terms', personId: 'sam', reason: 'round-robin in sales' },
            { at: T0 + HOUR },
          ),
        ]);
      history = spec
        .given(history)
        .when(pickUp('confirm-terms#1', undefined, at(1)))
        .then([aStepStarted({ stepId: 'confirm-terms', personId: 'sam' }, { at: T0 + HOUR })]);
      const terms = { paymentTerms: 'NET30', discountPercent: 0 };
      history = spec
        .given(history)
        .when(complete('confirm-terms#1', { output: terms, personId: 'sam' }, at(2)))
        .then([
          aStepCompleted(
            { stepId: 'confirm-terms', output: terms, personId: 'sam', routedVia: ['terms-to-billing'] },
            { at: T0 + 2 * HOUR },
          ),
          activationOf(
            definition,
            'set-up-billing',
            {
              handedOffFrom: [from('terms-to-billing', 'confirm-terms#1', T0 + 2 * HOUR)],
              dueAt: T0 + 2 * HOUR + 2 * DAY,
            },
            { at: T0 + 2 * HOUR },
          ),
        ]);

      // Billing set up, then the billing system issues the invoice.
      history = replay(definition, [pickUp('set-up-billing#1', 'fiona', at(2))], history);
      history = spec
        .given(history)
        .when(complete('set-up-billing#1', { output: { billingAccountId: 'BA-7' } }, at(3)))
        .then([
          aStepCompleted(
            {
              stepId: 'set-up-billing',
              output: { billingAccountId: 'BA-7' },
              routedVia: ['set-up-billing->issue-invoice'],
            },
            { at: T0 + 3 * HOUR },
          ),
          activationOf(
            definition,
            'issue-invoice',
            {
              handedOffFrom: [from('set-up-billing->issue-invoice', 'set-up-billing#1', T0 + 3 * HOUR)],
              dueAt: T0 + 7 * HOUR,
            },
            { at: T0 + 3 * HOUR },
          ),
        ]);
      history = spec
        .given(history)
        .when(pickUp('issue-invoice#1', undefined, at(3)))
        .then([aStepStarted({ stepId: 'issue-invoice' }, { at: T0 + 3 * HOUR })]);
      history = spec
        .given(history)
        .when(complete('issue-invoice#1', { output: invoice }, at(4)))
        .then([
          aStepCompleted(
            { stepId: 'issue-invoice', output: invoice, routedVia: ['invoice-to-fulfilment'] },
            { at: T0 + 4 * HOUR },
          ),
          activationOf(
            definition,
            'fulfil-order',
            {
              handedOffFrom: [from('invoice-to-fulfilment', 'issue-invoice#1', T0 + 4 * HOUR)],
              dueAt: T0 + 4 * HOUR + 3 * DAY,
            },
            { at: T0 + 4 * HOUR },
          ),
        ]);
      history = replay(
        definition,
        [
          pickUp('fulfil-order#1', 'olga', at(5)),
          complete('fulfil-order#1', { output: { shipmentId: 'SHP-5' } }, at(30)),
        ],
        history,
      );
      history = spec
        .given(history)
        .when(pickUp('confirm-delivery#1', 'omar', at(31)))
        .then([
          aStepAssigned(
            { stepId: 'confirm-delivery', personId: 'omar', reason: 'claimed' },
            { at: T0 + 31 * HOUR },
          ),
          aStepStarted({ stepId: 'confirm-delivery', personId: 'omar' }, { at: T0 + 31 * HOUR }),
        ]);
      const delivered = { deliveryConfirmedAt: '2026-01-06T16:00:00Z' };
      history = spec
        .given(history)
        .when(complete('confirm-delivery#1', { output: delivered }, at(32)))
        .then([
          aStepCompleted(
            { stepId: 'confirm-delivery', output: delivered, routedVia: ['delivery-to-collections'] },
            { at: T0 + 32 * HOUR },
          ),
          activationOf(
            definition,
            'collect-payment',
            {
              handedOffFrom: [from('delivery-to-collections', 'confirm-delivery#1', T0 + 32 * HOUR)],
              dueAt: Date.UTC(2026, 1, 12), // a week after the invoice due date
            },
            { at: T0 + 32 * HOUR },
          ),
        ]);

      // Collections waits until the payment system reports the payment for this order.
      const payment = { amountPaid: 1200, paidAt: '2026-02-03T10:00:00Z' };
      const paidAt = Date.UTC(2026, 1, 3, 10);
      spec
        .given(history)
        .when(correlate('payments.payment.received', 'SO-1001', payment, { now: paidAt }))
        .then([
          aTriggerCorrelated(
            {
              triggerType: 'payments.payment.received',
              correlationKey: 'SO-1001',
              activationId: 'collect-payment#1',
              payload: payment,
            },
            { at: paidAt },
          ),
          aStepCompleted(
            { stepId: 'collect-payment', output: payment, routedVia: ['collect-payment->end'] },
            { at: paidAt },
          ),
          anInstanceCompleted(
            {
              data: {
                ...order,
                ...terms,
                billingAccountId: 'BA-7',
                ...invoice,
                shipmentId: 'SHP-5',
                ...delivered,
                ...payment,
              },
            },
            { at: paidAt },
          ),
        ]);
    });
  });
});
