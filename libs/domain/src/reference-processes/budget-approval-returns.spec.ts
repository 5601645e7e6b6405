import type { InstanceEvent } from '../instance/events';
import {
  anInstanceCancelled,
  anInstanceCompleted,
  aStepCompleted,
  aStepFailed,
  complete,
  DAY,
  from,
  HOUR,
  pickUp,
  reject,
  replay,
  T0,
} from '../instance/testing';
import { activationOf } from './testing/reference-process';
import { breakdown, definition, h, request, spec, startWith } from './testing/budget-approval.fixture';

/** The request prepared (n-th time), endorsed by its head, and picked up by Finance. */
function inFinanceReview(rounds: number): InstanceEvent[] {
  const round = (n: number, base: number) => [
    pickUp(`prepare-request#${n}`, 'rosa', h(base)),
    complete(`prepare-request#${n}`, { output: breakdown(n) }, h(base + 1)),
    pickUp(`engineering-head-review#${n}`, 'erin', h(base + 2)),
    complete(`engineering-head-review#${n}`, { outcome: 'endorsed' }, h(base + 3)),
    pickUp(`finance-review#${n}`, 'felix', h(base + 4)),
  ];
  const commands = Array.from({ length: rounds }, (_, i) => i + 1).flatMap((n) => [
    ...round(n, 10 * n),
    ...(n < rounds
      ? [reject(`finance-review#${n}`, `comments ${n}`, h(10 * n + 5), 'returned-with-comments')]
      : []),
  ]);
  return replay(definition, [startWith(request), ...commands]);
}

describe('Budget approval (examples/budget-approval.yaml): returns', () => {
  describe('when Finance returns the request with comments', () => {
    it('goes back to the requester, through the head again, and is then approved and allocated', () => {
      const comments = 'split hardware and licences; licences belong to opex';
      let history = spec
        .given(inFinanceReview(1))
        .when(reject('finance-review#1', comments, h(15), 'returned-with-comments'))
        .then([
          aStepFailed(
            {
              stepId: 'finance-review',
              kind: 'rejected',
              reason: comments,
              outcome: 'returned-with-comments',
              exceptionPathId: 'finance-returns-request',
            },
            { at: T0 + 15 * HOUR },
          ),
          activationOf(
            definition,
            'prepare-request',
            {
              attempt: 2,
              handedOffFrom: [from('finance-returns-request', 'finance-review#1', T0 + 15 * HOUR)],
              dueAt: T0 + 15 * HOUR + 3 * DAY,
              owner: { kind: 'person', personId: 'rosa' },
            },
            { at: T0 + 15 * HOUR },
          ),
        ]);
      history = replay(
        definition,
        [
          pickUp('prepare-request#2', 'rosa', h(20)),
          complete('prepare-request#2', { output: breakdown(2) }, h(21)),
          pickUp('engineering-head-review#2', 'erin', h(22)),
          complete('engineering-head-review#2', { outcome: 'endorsed' }, h(23)),
          pickUp('finance-review#2', 'felix', h(24)),
        ],
        history,
      );
      history = spec
        .given(history)
        .when(
          complete('finance-review#2', { outcome: 'approved', output: { approvedAmount: 45_000 } }, h(26)),
        )
        .then([
          aStepCompleted(
            {
              stepId: 'finance-review',
              activationId: 'finance-review#2',
              outcome: 'approved',
              output: { approvedAmount: 45_000 },
              routedVia: ['approved-to-allocation'],
            },
            { at: T0 + 26 * HOUR },
          ),
          activationOf(
            definition,
            'allocate-budget',
            {
              handedOffFrom: [from('approved-to-allocation', 'finance-review#2', T0 + 26 * HOUR)],
              dueAt: T0 + 28 * HOUR,
            },
            { at: T0 + 26 * HOUR },
          ),
        ]);
      history = replay(definition, [pickUp('allocate-budget#1', undefined, h(26))], history);
      spec
        .given(history)
        .when(complete('allocate-budget#1', {}, h(27)))
        .then([
          aStepCompleted(
            { stepId: 'allocate-budget', routedVia: ['allocate-budget->end'] },
            { at: T0 + 27 * HOUR },
          ),
          anInstanceCompleted(
            { data: { ...request, ...breakdown(2), approvedAmount: 45_000 } },
            { at: T0 + 27 * HOUR },
          ),
        ]);
    });

    it('cancels the request on the third return instead of bouncing for weeks', () => {
      spec
        .given(inFinanceReview(3))
        .when(reject('finance-review#3', 'still unclear', h(35), 'returned-with-comments'))
        .then([
          aStepFailed(
            {
              stepId: 'finance-review',
              activationId: 'finance-review#3',
              kind: 'rejected',
              reason: 'still unclear',
              outcome: 'returned-with-comments',
              exceptionPathId: 'returned-too-often',
            },
            { at: T0 + 35 * HOUR },
          ),
          anInstanceCancelled(
            {
              reason: 'step finance-review was rejected: still unclear (exception path returned-too-often)',
              cancelledActivationIds: [],
              exceptionPathId: 'returned-too-often',
            },
            { at: T0 + 35 * HOUR },
          ),
        ]);
    });
  });
});
