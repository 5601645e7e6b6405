import { ValidationError } from '../shared/errors';
import type { InstanceEvent } from '../instance/events';
import {
  anInstanceCancelled,
  anInstanceCompleted,
  aStepCompleted,
  aStepFailed,
  complete,
  DAY,
  from,
  fromStart,
  HOUR,
  instanceSpec,
  pickUp,
  reject,
  replay,
  startInstance,
  T0,
  versionOf,
} from '../instance/testing';
import { activationOf, loadReferenceProcess, startedBy } from './testing/reference-process';

const definition = loadReferenceProcess('vendor-management');
const spec = instanceSpec(definition);
const vendor = {
  vendorId: 'V-300',
  vendorName: 'Acme Logistics',
  requestedBy: 'paula',
  annualSpend: 250_000,
};
const start = startInstance(
  versionOf(definition),
  vendor,
  {},
  { businessKey: 'V-300', triggerType: 'procurement.vendor.selected' },
);
const documents = (version: number) => ({
  taxId: 'FR-123',
  contractDraftUrl: `https://docs.example.test/acme-v${version}.pdf`,
  insuranceCertificateUrl: `https://docs.example.test/insurance-v${version}.pdf`,
  bankDetails: { iban: 'FR7630006000011234567890189' },
});
const h = (hours: number) => ({ now: T0 + hours * HOUR });

/** Procurement's n-th collection is done and Legal has picked the contract up (n-th review). */
function inLegalReview(attempt: number): InstanceEvent[] {
  const round = (n: number) => [
    pickUp(`collect-documentation#${n}`, 'pete', h(10 * n)),
    complete(`collect-documentation#${n}`, { output: documents(n) }, h(10 * n + 1)),
    pickUp(`review-contract#${n}`, 'lena', h(10 * n + 2)),
  ];
  const rounds = Array.from({ length: attempt }, (_, i) => i + 1).flatMap((n) =>
    n < attempt
      ? [...round(n), reject(`review-contract#${n}`, `issue ${n}`, h(10 * n + 3), 'rejected')]
      : round(n),
  );
  return replay(definition, [start, ...rounds]);
}

describe('Vendor management (examples/vendor-management.yaml)', () => {
  it('starts with Procurement collecting the documentation', () => {
    spec
      .given([])
      .when(start)
      .then([
        startedBy(definition, vendor, 'V-300'),
        activationOf(definition, 'collect-documentation', {
          handedOffFrom: [fromStart('start->collect-documentation')],
          dueAt: T0 + 5 * DAY,
        }),
      ]);
  });

  describe('when Legal rejects the contract', () => {
    it('sends it back to Procurement for rework, then Legal approves and Finance sets up payment terms', () => {
      let history = spec
        .given(inLegalReview(1))
        .when(reject('review-contract#1', 'insurance certificate expired', h(13), 'rejected'))
        .then([
          aStepFailed(
            {
              stepId: 'review-contract',
              kind: 'rejected',
              reason: 'insurance certificate expired',
              outcome: 'rejected',
              exceptionPathId: 'legal-rejects-contract',
            },
            { at: T0 + 13 * HOUR },
          ),
          activationOf(
            definition,
            'collect-documentation',
            {
              attempt: 2,
              handedOffFrom: [from('legal-rejects-contract', 'review-contract#1', T0 + 13 * HOUR)],
              dueAt: T0 + 13 * HOUR + 5 * DAY,
            },
            { at: T0 + 13 * HOUR },
          ),
        ]);
      history = replay(definition, [pickUp('collect-documentation#2', 'pete', h(20))], history);
      history = spec
        .given(history)
        .when(complete('collect-documentation#2', { output: documents(2) }, h(21)))
        .then([
          aStepCompleted(
            {
              stepId: 'collect-documentation',
              activationId: 'collect-documentation#2',
              output: documents(2),
              routedVia: ['documents-to-legal'],
            },
            { at: T0 + 21 * HOUR },
          ),
          activationOf(
            definition,
            'review-contract',
            {
              attempt: 2,
              handedOffFrom: [from('documents-to-legal', 'collect-documentation#2', T0 + 21 * HOUR)],
              dueAt: T0 + 21 * HOUR + 3 * DAY,
            },
            { at: T0 + 21 * HOUR },
          ),
        ]);
      history = replay(definition, [pickUp('review-contract#2', 'lena', h(22))], history);
      history = spec
        .given(history)
        .when(
          complete('review-contract#2', { outcome: 'approved', output: { contractVersion: 'v2' } }, h(24)),
        )
        .then([
          aStepCompleted(
            {
              stepId: 'review-contract',
              activationId: 'review-contract#2',
              outcome: 'approved',
              output: { contractVersion: 'v2' },
              routedVia: ['contract-approved-to-finance'],
            },
            { at: T0 + 24 * HOUR },
          ),
          activationOf(
            definition,
            'set-up-payment-terms',
            {
              handedOffFrom: [from('contract-approved-to-finance', 'review-contract#2', T0 + 24 * HOUR)],
              dueAt: T0 + 24 * HOUR + 2 * DAY,
            },
            { at: T0 + 24 * HOUR },
          ),
        ]);
      history = replay(
        definition,
        [
          pickUp('set-up-payment-terms#1', 'fred', h(25)),
          complete(
            'set-up-payment-terms#1',
            { output: { paymentTerms: 'NET45', vendorAccountId: 'VA-9' } },
            h(26),
          ),
          pickUp('activate-vendor#1', undefined, h(26)),
        ],
        history,
      );
      spec
        .given(history)
        .when(complete('activate-vendor#1', {}, h(26.5)))
        .then([
          aStepCompleted(
            { stepId: 'activate-vendor', routedVia: ['activate-vendor->end'] },
            { at: T0 + 26.5 * HOUR },
          ),
          anInstanceCompleted(
            {
              data: {
                ...vendor,
                ...documents(2),
                contractVersion: 'v2',
                paymentTerms: 'NET45',
                vendorAccountId: 'VA-9',
              },
            },
            { at: T0 + 26.5 * HOUR },
          ),
        ]);
    });

    it('needs the rejection sent as a rejection, so its reason is kept', () => {
      spec
        .given(inLegalReview(1))
        .when(complete('review-contract#1', { outcome: 'rejected' }, h(13)))
        .thenThrows(ValidationError, 'OUTCOME.IS_REJECTION');
    });

    it('abandons the vendor on the fourth rejection: three rework loops is the bound', () => {
      spec
        .given(inLegalReview(4))
        .when(reject('review-contract#4', 'still no valid insurance', h(43), 'rejected'))
        .then([
          aStepFailed(
            {
              stepId: 'review-contract',
              activationId: 'review-contract#4',
              kind: 'rejected',
              reason: 'still no valid insurance',
              outcome: 'rejected',
              exceptionPathId: 'vendor-abandoned',
            },
            { at: T0 + 43 * HOUR },
          ),
          anInstanceCancelled(
            {
              reason:
                'step review-contract was rejected: still no valid insurance (exception path vendor-abandoned)',
              cancelledActivationIds: [],
              exceptionPathId: 'vendor-abandoned',
            },
            { at: T0 + 43 * HOUR },
          ),
        ]);
    });
  });
});
