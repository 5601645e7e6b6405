import { ValidationError } from '../../shared/errors';
import {
  aDefinition,
  anInstanceStarted,
  approval,
  aStepActivated,
  aStepCompleted,
  aStepStarted,
  complete,
  from,
  handoff,
  humanTask,
  instanceSpec,
} from '../testing';

/** A budget request routed by amount: the CFO above 10k, the department head below, or a quick check. */
const definition = aDefinition({
  steps: [
    humanTask('request'),
    humanTask('cfo-review'),
    humanTask('head-review'),
    humanTask('quick-check'),
    humanTask('archive'),
    approval('decide', ['approved', 'returned', 'escalated']),
    humanTask('notify'),
  ],
  handoffs: [
    handoff('go', 'start', 'request'),
    handoff('to-cfo', 'request', 'cfo-review', { condition: 'data.amount > 10000' }),
    handoff('to-head', 'request', 'head-review', { condition: 'data.amount > 1000' }),
    handoff('to-quick', 'request', 'quick-check', { default: true }),
    handoff('to-archive', 'request', 'archive'),
    handoff('cfo-decide', 'cfo-review', 'decide'),
    handoff('approved', 'decide', 'end', { trigger: { kind: 'outcome', outcomes: ['approved'] } }),
    handoff('returned', 'decide', 'request', { trigger: { kind: 'outcome', outcomes: ['returned'] } }),
    handoff('decided', 'decide', 'notify', { trigger: { kind: 'completion' } }),
  ],
});
const spec = instanceSpec(definition);
const requesting = [
  anInstanceStarted(),
  aStepActivated({ stepId: 'request' }),
  aStepStarted({ stepId: 'request' }),
];
const request = (amount: unknown) => complete('request#1', { output: { amount: amount as number } });

describe('Instance routing', () => {
  describe('an exclusive choice', () => {
    it('takes the first handoff whose condition holds, in order, besides the unconditional ones', () => {
      spec
        .given(requesting)
        .when(request(50_000))
        .then([
          aStepCompleted({
            stepId: 'request',
            output: { amount: 50_000 },
            routedVia: ['to-cfo', 'to-archive'],
          }),
          aStepActivated({ stepId: 'cfo-review', handedOffFrom: [from('to-cfo', 'request#1')] }),
          aStepActivated({ stepId: 'archive', handedOffFrom: [from('to-archive', 'request#1')] }),
        ]);
    });

    it('takes the next matching condition when the first does not hold', () => {
      const [completed] = spec.given(requesting).when(request(5_000)).events();
      expect(completed).toMatchObject({ data: { routedVia: ['to-head', 'to-archive'] } });
    });

    it('takes the default when no condition holds', () => {
      const [completed] = spec.given(requesting).when(request(10)).events();
      expect(completed).toMatchObject({ data: { routedVia: ['to-quick', 'to-archive'] } });
    });

    it('refuses the completion when a condition cannot be evaluated', () => {
      const error = spec
        .given(requesting)
        .when(complete('request#1'))
        .thenThrows(ValidationError, 'ROUTING.CONDITION_FAILED');
      expect(error.violations[0]?.field).toBe('handoffs.to-cfo.condition');
    });
  });

  describe('outcome routing', () => {
    const deciding = [
      anInstanceStarted(),
      aStepActivated({ stepId: 'decide', stepKind: 'approval' }),
      aStepStarted({ stepId: 'decide' }),
    ];

    it('follows the handoffs of the outcome and the completion handoffs', () => {
      const [completed] = spec
        .given(deciding)
        .when(complete('decide#1', { outcome: 'returned' }))
        .events();
      expect(completed).toMatchObject({ data: { outcome: 'returned', routedVia: ['returned', 'decided'] } });
    });

    it('refuses an outcome no handoff routes when the step has only outcome handoffs', () => {
      const strict = aDefinition({
        ...definition,
        handoffs: definition.handoffs.filter((h) => h.id !== 'decided'),
      });
      instanceSpec(strict)
        .given(deciding)
        .when(complete('decide#1', { outcome: 'escalated' }))
        .thenThrows(ValidationError, 'ROUTING.NO_HANDOFF');
    });
  });
});
