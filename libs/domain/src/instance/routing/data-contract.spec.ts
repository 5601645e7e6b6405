import { ValidationError } from '../../shared/errors';
import {
  aDefinition,
  anInstanceStarted,
  aStepActivated,
  aStepCompleted,
  aStepStarted,
  complete,
  field,
  from,
  handoff,
  humanTask,
  instanceSpec,
} from '../testing';

/** Sales hands the deal to Customer Success with its context, so nobody asks the client twice. */
const definition = aDefinition({
  steps: [humanTask('close-deal'), humanTask('kickoff')],
  handoffs: [
    handoff('go', 'start', 'close-deal'),
    handoff('deal-to-cs', 'close-deal', 'kickoff', {
      data: [
        field('accountId'),
        field('contractValue', 'number'),
        field('seats', 'integer'),
        field('renewalDate', 'date'),
        field('signedAt', 'timestamp'),
        field('contacts', 'list'),
        field('terms', 'object'),
        field('autoRenew', 'boolean'),
      ],
    }),
    handoff('kickoff-end', 'kickoff', 'end'),
  ],
});
const spec = instanceSpec(definition);
const closing = [
  anInstanceStarted({ data: { accountId: 'A-1' } }),
  aStepActivated({ stepId: 'close-deal' }),
  aStepStarted({ stepId: 'close-deal' }),
];
const context = {
  contractValue: 120_000,
  seats: 40,
  renewalDate: '2027-01-31',
  signedAt: '2026-01-05T10:00:00+01:00',
  contacts: ['cto@example.test'],
  terms: { net: 30 },
  autoRenew: true,
};

describe('Instance routing', () => {
  describe('a handoff with a data contract', () => {
    it('hands off when the merged data carries every field with its type', () => {
      spec
        .given(closing)
        .when(complete('close-deal#1', { output: context }))
        .then([
          aStepCompleted({ stepId: 'close-deal', output: context, routedVia: ['deal-to-cs'] }),
          aStepActivated({ stepId: 'kickoff', handedOffFrom: [from('deal-to-cs', 'close-deal#1')] }),
        ]);
    });

    it('refuses the completion, listing each missing or mistyped field and why, with no events', () => {
      const error = spec
        .given(closing)
        .when(
          complete('close-deal#1', {
            output: {
              contractValue: '120k',
              seats: 40.5,
              renewalDate: '31/01/2027',
              signedAt: '2026-01-05T10:00',
              contacts: 'cto',
              terms: [],
              autoRenew: null,
            },
          }),
        )
        .thenThrows(ValidationError, 'HANDOFF.DATA_CONTRACT_VIOLATED');
      expect(error.violations.map((v) => [v.field, v.reason])).toEqual([
        ['data.contractValue', 'TYPE_MISMATCH'],
        ['data.seats', 'TYPE_MISMATCH'],
        ['data.renewalDate', 'TYPE_MISMATCH'],
        ['data.signedAt', 'TYPE_MISMATCH'],
        ['data.contacts', 'TYPE_MISMATCH'],
        ['data.terms', 'TYPE_MISMATCH'],
        ['data.autoRenew', 'REQUIRED'],
      ]);
      expect(error.violations[0]?.description).toBe(
        'must be a number, got "120k"; required by handoff deal-to-cs (close-deal → kickoff)',
      );
      expect(error.message).toMatch(
        /^The handoff is refused: its data contract is not met: data.contractValue: /,
      );
    });
  });

  describe('a join with a data contract', () => {
    /** IT and HR work in parallel; day one needs what both deliver. */
    const joined = aDefinition({
      steps: [humanTask('provision-it'), humanTask('paperwork'), humanTask('day-one')],
      handoffs: [
        handoff('go', 'start', ['provision-it', 'paperwork']),
        handoff('ready', ['provision-it', 'paperwork'], 'day-one', {
          data: [field('workEmail'), field('employeeId')],
        }),
      ],
    });
    const branches = [
      anInstanceStarted(),
      aStepActivated({ stepId: 'provision-it' }),
      aStepActivated({ stepId: 'paperwork' }),
      aStepStarted({ stepId: 'provision-it' }),
      aStepStarted({ stepId: 'paperwork' }),
    ];

    it('lets the first branch arrive with only its part of the data', () => {
      instanceSpec(joined)
        .given(branches)
        .when(complete('provision-it#1', { output: { workEmail: 'new@example.test' } }))
        .then([
          aStepCompleted({
            stepId: 'provision-it',
            output: { workEmail: 'new@example.test' },
            routedVia: ['ready'],
          }),
        ]);
    });

    it('checks the contract when the join fires, against what all branches delivered', () => {
      const itDone = [
        ...branches,
        aStepCompleted({ stepId: 'provision-it', output: {}, routedVia: ['ready'] }),
      ];
      const error = instanceSpec(joined)
        .given(itDone)
        .when(complete('paperwork#1', { output: { employeeId: 'E-7' } }))
        .thenThrows(ValidationError, 'HANDOFF.DATA_CONTRACT_VIOLATED');
      expect(error.violations.map((v) => v.field)).toEqual(['data.workEmail']);
    });
  });
});
