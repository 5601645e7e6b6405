import { IllegalStateError, ValidationError } from '../shared/errors';
import type { InstanceEvent } from '../instance/events';
import {
  anInstanceCompleted,
  aStepCompleted,
  complete,
  DAY,
  fireTimer,
  from,
  fromStart,
  HOUR,
  instanceSpec,
  pickUp,
  replay,
  startInstance,
  T0,
  versionOf,
} from '../instance/testing';
import { activationOf, loadReferenceProcess, startedBy } from './testing/reference-process';

const definition = loadReferenceProcess('client-lifecycle');
const spec = instanceSpec(definition);
const deal = {
  dealId: 'D-880',
  accountId: 'ACC-12',
  accountName: 'Northwind',
  dealValue: 96_000,
  contractStartDate: '2026-02-01',
  renewalDate: '2027-02-01',
  primaryContact: { name: 'Ines Vidal', email: 'ines@northwind.example' },
  productsPurchased: ['analytics', 'alerts'],
  salesOwnerId: 'rep-sofia',
};
const renewal = Date.UTC(2027, 1, 1);
const start = startInstance(
  versionOf(definition),
  deal,
  {},
  { businessKey: 'D-880', triggerType: 'crm.deal.closed' },
);
const handover = {
  handoverNotes: 'Wants weekly reports; CFO is the sponsor',
  successCriteria: 'Close books 2 days faster',
  stakeholders: ['cfo', 'controller'],
};
const h = (hours: number) => ({ now: T0 + hours * HOUR });

/** Sales has picked up the handover it owns. */
const handingOver: InstanceEvent[] = replay(definition, [
  start,
  pickUp('sales-handover#1', 'rep-sofia', h(1)),
]);

describe('Client lifecycle (examples/client-lifecycle.yaml)', () => {
  it('starts with the deal owner writing the handover', () => {
    spec
      .given([])
      .when(start)
      .then([
        startedBy(definition, deal, 'D-880'),
        activationOf(definition, 'sales-handover', {
          handedOffFrom: [fromStart('start->sales-handover')],
          dueAt: T0 + DAY,
          owner: { kind: 'person', personId: 'rep-sofia' },
        }),
      ]);
  });

  describe('the handoff to Customer Success', () => {
    it('carries the whole deal context, so the client is never asked again', () => {
      spec
        .given(handingOver)
        .when(complete('sales-handover#1', { output: handover }, h(5)))
        .then([
          aStepCompleted(
            { stepId: 'sales-handover', output: handover, routedVia: ['deal-context-to-cs'] },
            { at: T0 + 5 * HOUR },
          ),
          activationOf(
            definition,
            'cs-kickoff',
            {
              handedOffFrom: [from('deal-context-to-cs', 'sales-handover#1', T0 + 5 * HOUR)],
              dueAt: T0 + 5 * HOUR + 2 * DAY,
            },
            { at: T0 + 5 * HOUR },
          ),
        ]);
    });

    it('is refused while the handover lacks context, naming what is missing', () => {
      const error = spec
        .given(handingOver)
        .when(complete('sales-handover#1', { output: { handoverNotes: 'see CRM' } }, h(5)))
        .thenThrows(ValidationError, 'HANDOFF.DATA_CONTRACT_VIOLATED');
      expect(error.violations.map((v) => [v.field, v.reason])).toEqual([
        ['data.successCriteria', 'REQUIRED'],
        ['data.stakeholders', 'REQUIRED'],
      ]);
    });
  });

  describe('renewal', () => {
    const billed = (): InstanceEvent[] =>
      replay(
        definition,
        [
          complete('sales-handover#1', { output: handover }, h(5)),
          pickUp('cs-kickoff#1', 'csm-leo', h(6)),
          complete(
            'cs-kickoff#1',
            { output: { csmId: 'csm-leo', successPlanUrl: 'https://plans.example.test/12' } },
            h(8),
          ),
          pickUp('onboard-client#1', 'otto', h(9)),
          complete('onboard-client#1', { output: { goLiveDate: '2026-02-20' } }, h(24 * 10)),
          pickUp('set-up-billing#1', 'fay', h(24 * 10 + 1)),
        ],
        handingOver,
      );
    const billedAt = T0 + (24 * 10 + 2) * HOUR;
    const windowOpens = renewal - 60 * DAY;

    it('waits for a timer that fires sixty days before the renewal date', () => {
      spec
        .given(billed())
        .when(complete('set-up-billing#1', { output: { billingAccountId: 'BA-12' } }, { now: billedAt }))
        .then([
          aStepCompleted(
            {
              stepId: 'set-up-billing',
              output: { billingAccountId: 'BA-12' },
              routedVia: ['set-up-billing->wait-for-renewal-window'],
            },
            { at: billedAt },
          ),
          activationOf(
            definition,
            'wait-for-renewal-window',
            {
              handedOffFrom: [from('set-up-billing->wait-for-renewal-window', 'set-up-billing#1', billedAt)],
              dueAt: windowOpens,
            },
            { at: billedAt },
          ),
        ]);
    });

    it('activates the renewal outreach for Customer Success when the timer fires, and not before', () => {
      const waiting = replay(
        definition,
        [complete('set-up-billing#1', { output: { billingAccountId: 'BA-12' } }, { now: billedAt })],
        billed(),
      );
      spec
        .given(waiting)
        .when(fireTimer('wait-for-renewal-window#1', { now: windowOpens - 1 }))
        .thenThrows(IllegalStateError, 'TIMER.NOT_DUE');
      const history = spec
        .given(waiting)
        .when(fireTimer('wait-for-renewal-window#1', { now: windowOpens }))
        .then([
          aStepCompleted(
            { stepId: 'wait-for-renewal-window', routedVia: ['renewal-window-to-cs'] },
            { at: windowOpens },
          ),
          activationOf(
            definition,
            'renewal-outreach',
            {
              handedOffFrom: [from('renewal-window-to-cs', 'wait-for-renewal-window#1', windowOpens)],
              dueAt: renewal - 45 * DAY,
            },
            { at: windowOpens },
          ),
        ]);
      const outreach = replay(
        definition,
        [pickUp('renewal-outreach#1', 'csm-leo', { now: windowOpens + DAY })],
        history,
      );
      const [completed, ended] = spec
        .given(outreach)
        .when(
          complete(
            'renewal-outreach#1',
            { output: { renewalIntent: 'renewing, +10 seats' } },
            { now: windowOpens + 5 * DAY },
          ),
        )
        .events();
      expect(completed).toMatchObject({
        type: 'StepCompleted',
        data: { routedVia: ['renewal-outreach->end'] },
      });
      expect(ended).toEqual(
        anInstanceCompleted(
          {
            data: {
              ...deal,
              ...handover,
              csmId: 'csm-leo',
              successPlanUrl: 'https://plans.example.test/12',
              goLiveDate: '2026-02-20',
              billingAccountId: 'BA-12',
              renewalIntent: 'renewing, +10 seats',
            },
          },
          { at: windowOpens + 5 * DAY },
        ),
      );
    });
  });
});
