import {
  anInstanceCancelled,
  aStepCompleted,
  complete,
  DAY,
  from,
  fromStart,
  HOUR,
  pickUp,
  reject,
  replay,
  T0,
} from '../instance/testing';
import type { DataRecord } from '../shared/data';
import { activationOf, startedBy } from './testing/reference-process';
import { breakdown, definition, h, request, spec, startWith } from './testing/budget-approval.fixture';

describe('Budget approval (examples/budget-approval.yaml)', () => {
  describe('routing to the right department head', () => {
    const prepared = (data: DataRecord) =>
      replay(definition, [startWith(data), pickUp('prepare-request#1', 'rosa', h(1))]);

    it('starts with the requester, then routes an engineering request to the Head of Engineering', () => {
      spec
        .given([])
        .when(startWith(request))
        .then([
          startedBy(definition, request, 'BR-9'),
          activationOf(definition, 'prepare-request', {
            handedOffFrom: [fromStart('start->prepare-request')],
            dueAt: T0 + 3 * DAY,
            owner: { kind: 'person', personId: 'rosa' },
          }),
        ]);
      spec
        .given(prepared(request))
        .when(complete('prepare-request#1', { output: breakdown(1) }, h(2)))
        .then([
          aStepCompleted(
            { stepId: 'prepare-request', output: breakdown(1), routedVia: ['route-to-engineering'] },
            { at: T0 + 2 * HOUR },
          ),
          activationOf(
            definition,
            'engineering-head-review',
            {
              handedOffFrom: [from('route-to-engineering', 'prepare-request#1', T0 + 2 * HOUR)],
              dueAt: T0 + 2 * HOUR + 3 * DAY,
            },
            { at: T0 + 2 * HOUR },
          ),
        ]);
    });

    it('routes any other department to the head named in the request, by default', () => {
      const [, review] = spec
        .given(prepared({ ...request, department: 'marketing' }))
        .when(complete('prepare-request#1', { output: breakdown(1) }, h(2)))
        .events();
      expect(review).toEqual(
        activationOf(
          definition,
          'department-head-review',
          {
            handedOffFrom: [from('route-to-department-head', 'prepare-request#1', T0 + 2 * HOUR)],
            dueAt: T0 + 2 * HOUR + 3 * DAY,
            owner: { kind: 'person', personId: 'hugo' },
          },
          { at: T0 + 2 * HOUR },
        ),
      );
    });

    it('cancels the request when the head declines it', () => {
      const reviewing = replay(
        definition,
        [
          complete('prepare-request#1', { output: breakdown(1) }, h(2)),
          pickUp('engineering-head-review#1', 'erin', h(3)),
        ],
        prepared(request),
      );
      const [, cancelled] = spec
        .given(reviewing)
        .when(reject('engineering-head-review#1', 'not in this year plan', h(4), 'declined'))
        .events();
      expect(cancelled).toEqual(
        anInstanceCancelled(
          {
            reason:
              'step engineering-head-review was rejected: not in this year plan (exception path engineering-declines)',
            cancelledActivationIds: [],
            exceptionPathId: 'engineering-declines',
          },
          { at: T0 + 4 * HOUR },
        ),
      );
    });
  });
});
