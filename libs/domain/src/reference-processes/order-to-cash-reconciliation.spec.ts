import type { InstanceEvent } from '../instance/events';
import {
  anInstanceFailed,
  aStepCompleted,
  aStepEscalated,
  aStepFailed,
  aStepOverdue,
  aStepStarted,
  complete,
  DAY,
  escalate,
  fail,
  from,
  HOUR,
  markOverdue,
  pickUp,
  replay,
  startInstance,
  T0,
  versionOf,
} from '../instance/testing';
import { activationOf } from './testing/reference-process';
import { at, definition, invoice, order, spec } from './testing/order-to-cash.fixture';

/** The order confirmed and billing set up: the invoice is about to be issued (at T0 + 3h). */
const beforeInvoicing: InstanceEvent[] = replay(definition, [
  startInstance(
    versionOf(definition),
    order,
    {},
    { businessKey: 'SO-1001', triggerType: 'commerce.order.placed' },
  ),
  pickUp('confirm-terms#1', 'sam', at(1)),
  complete('confirm-terms#1', { output: { paymentTerms: 'NET30', discountPercent: 0 } }, at(2)),
  pickUp('set-up-billing#1', 'fiona', at(2)),
  complete('set-up-billing#1', { output: { billingAccountId: 'BA-7' } }, at(3)),
  pickUp('issue-invoice#1', undefined, at(3)),
]);

describe('Order to cash (examples/order-to-cash.yaml): invoice mismatch', () => {
  const mismatch = fail(
    'issue-invoice#1',
    'invoice total 1250 differs from order total 1200',
    at(4),
    'AMOUNT_MISMATCH',
  );

  it('goes to reconciliation by RevOps, then back to invoicing', () => {
    let history = spec
      .given(beforeInvoicing)
      .when(mismatch)
      .then([
        aStepFailed(
          {
            stepId: 'issue-invoice',
            kind: 'failed',
            reason: 'invoice total 1250 differs from order total 1200',
            errorCode: 'AMOUNT_MISMATCH',
            exceptionPathId: 'invoice-mismatch',
          },
          { at: T0 + 4 * HOUR },
        ),
        activationOf(
          definition,
          'reconcile-invoice',
          {
            handedOffFrom: [from('invoice-mismatch', 'issue-invoice#1', T0 + 4 * HOUR)],
            dueAt: T0 + 4 * HOUR + DAY,
          },
          { at: T0 + 4 * HOUR },
        ),
      ]);

    // Nobody picks it up within the day: overdue, and four hours later the RevOps manager gets it.
    const due = T0 + 4 * HOUR + DAY;
    history = spec
      .given(history)
      .when(markOverdue('reconcile-invoice#1', { now: due }))
      .then([aStepOverdue({ stepId: 'reconcile-invoice', dueAt: due }, { at: due })]);
    history = spec
      .given(history)
      .when(escalate('reconcile-invoice#1', 1, { now: due + 4 * HOUR }, 'rita'))
      .then([
        aStepEscalated(
          {
            stepId: 'reconcile-invoice',
            level: 1,
            action: 'reassign',
            to: { kind: 'role', role: 'revops-manager' },
            toPersonId: 'rita',
            reason: 'overdue since 2026-01-06T13:00:00.000Z; escalation level 1 (reassign)',
          },
          { at: due + 4 * HOUR },
        ),
      ]);
    history = spec
      .given(history)
      .when(pickUp('reconcile-invoice#1', undefined, { now: due + 5 * HOUR }))
      .then([aStepStarted({ stepId: 'reconcile-invoice', personId: 'rita' }, { at: due + 5 * HOUR })]);

    const note = { reconciliationNote: 'volume discount of 4% was missing on the invoice' };
    const reconciledAt = due + 6 * HOUR;
    history = spec
      .given(history)
      .when(complete('reconcile-invoice#1', { output: note }, { now: reconciledAt }))
      .then([
        aStepCompleted(
          { stepId: 'reconcile-invoice', output: note, routedVia: ['reconciled-back-to-invoicing'] },
          { at: reconciledAt },
        ),
        activationOf(
          definition,
          'issue-invoice',
          {
            attempt: 2,
            handedOffFrom: [from('reconciled-back-to-invoicing', 'reconcile-invoice#1', reconciledAt)],
            dueAt: reconciledAt + 4 * HOUR,
          },
          { at: reconciledAt },
        ),
      ]);

    // The second invoice matches: the order moves on to fulfilment.
    history = replay(definition, [pickUp('issue-invoice#2', undefined, { now: reconciledAt })], history);
    const [completed, next] = spec
      .given(history)
      .when(complete('issue-invoice#2', { output: invoice }, { now: reconciledAt + HOUR }))
      .events();
    expect(completed).toMatchObject({ type: 'StepCompleted', data: { activationId: 'issue-invoice#2' } });
    expect(next).toMatchObject({
      type: 'StepActivated',
      data: {
        stepId: 'fulfil-order',
        handedOffFrom: [from('invoice-to-fulfilment', 'issue-invoice#2', reconciledAt + HOUR)],
      },
    });
  });

  it('fails the order when the invoice still does not match after two reconciliations', () => {
    const loop = (n: number) => [
      fail(`issue-invoice#${n}`, 'still wrong', at(4 + n)),
      pickUp(`reconcile-invoice#${n}`, 'rita', at(4 + n)),
      complete(`reconcile-invoice#${n}`, { output: { reconciliationNote: `fix ${n}` } }, at(4 + n)),
      pickUp(`issue-invoice#${n + 1}`, undefined, at(4 + n)),
    ];
    const history = replay(definition, [...loop(1), ...loop(2)], beforeInvoicing);
    spec
      .given(history)
      .when(fail('issue-invoice#3', 'still wrong', at(8)))
      .then([
        aStepFailed(
          {
            stepId: 'issue-invoice',
            activationId: 'issue-invoice#3',
            kind: 'failed',
            reason: 'still wrong',
          },
          { at: T0 + 8 * HOUR },
        ),
        anInstanceFailed(
          {
            reason:
              'step issue-invoice failed: still wrong; loop bound reached (invoice-mismatch after 2 iterations)',
            activationId: 'issue-invoice#3',
            cancelledActivationIds: [],
          },
          { at: T0 + 8 * HOUR },
        ),
      ]);
  });
});
