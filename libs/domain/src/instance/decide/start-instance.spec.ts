import { ConflictError, ValidationError } from '../../shared/errors';
import {
  aDefinition,
  anInstanceStarted,
  aStepActivated,
  DAY,
  field,
  fromStart,
  handoff,
  humanTask,
  instanceSpec,
  startInstance,
  T0,
  versionOf,
} from '../testing';

const definition = aDefinition({
  triggers: [
    {
      event: 'crm.deal.closed',
      correlationKey: 'dealId',
      requires: [field('dealId'), field('amount', 'number')],
    },
  ],
  data: [field('region')],
  steps: [
    humanTask('confirm-terms', { deadline: { kind: 'within', durationMs: 2 * DAY } }),
    humanTask('assign-buddy', { owner: { kind: 'data-field', field: 'hiringManagerId' }, policy: 'direct' }),
  ],
  handoffs: [
    handoff('start-confirm', 'start', 'confirm-terms'),
    handoff('confirm-end', 'confirm-terms', 'end'),
    handoff('buddy-end', 'assign-buddy', 'end'),
  ],
});
const spec = instanceSpec(definition);

describe('Instance', () => {
  describe('when it is started', () => {
    it('records the start and activates the first step with its deadline', () => {
      spec
        .given([])
        .when(startInstance(versionOf(definition, 3), { region: 'EU' }, { idempotencyKey: 'k1' }))
        .then([
          anInstanceStarted({ definitionVersion: 3, data: { region: 'EU' } }, { idempotencyKey: 'k1' }),
          aStepActivated(
            { stepId: 'confirm-terms', handedOffFrom: [fromStart('start-confirm')], dueAt: T0 + 2 * DAY },
            { idempotencyKey: 'k1' },
          ),
        ]);
    });

    it("records the definition version's checksum when the starter knows it", () => {
      const sha = 'ab'.repeat(32);
      const [started] = spec
        .given([])
        .when(startInstance({ ...versionOf(definition, 2), contentSha256: sha }, { region: 'EU' }))
        .events();
      expect(started).toEqual(
        anInstanceStarted({ definitionVersion: 2, data: { region: 'EU' }, definitionSha256: sha }),
      );
    });

    it('records the start trigger when a trigger event starts it', () => {
      const [started] = spec
        .given([])
        .when(
          startInstance(
            versionOf(definition),
            { dealId: 'D-1', amount: 10 },
            {},
            { triggerType: 'crm.deal.closed' },
          ),
        )
        .events();
      expect(started).toEqual(
        anInstanceStarted({ data: { dealId: 'D-1', amount: 10 }, triggerType: 'crm.deal.closed' }),
      );
    });

    it('refuses trigger data that lacks or mistypes required fields, naming each', () => {
      const error = spec
        .given([])
        .when(
          startInstance(
            versionOf(definition),
            { amount: 'ten', region: 7 },
            {},
            { triggerType: 'crm.deal.closed' },
          ),
        )
        .thenThrows(ValidationError, 'INSTANCE.START_DATA_INVALID');
      expect(error.violations.map((v) => [v.field, v.reason])).toEqual([
        ['data.dealId', 'REQUIRED'],
        ['data.amount', 'TYPE_MISMATCH'],
        ['data.region', 'TYPE_MISMATCH'],
      ]);
    });

    it('refuses mistyped declared data on a manual start', () => {
      spec
        .given([])
        .when(startInstance(versionOf(definition), { region: 7 }))
        .thenThrows(ValidationError, 'INSTANCE.START_DATA_INVALID');
    });

    it('refuses a trigger that does not start this process', () => {
      const error = spec
        .given([])
        .when(startInstance(versionOf(definition), {}, {}, { triggerType: 'hr.offer.signed' }))
        .thenThrows(ValidationError, 'INSTANCE.UNKNOWN_TRIGGER');
      expect(error.message).toContain('crm.deal.closed');
    });

    it('refuses a blank business key', () => {
      const error = spec
        .given([])
        .when(startInstance(versionOf(definition), {}, {}, { businessKey: ' ' }))
        .thenThrows(ValidationError, 'COMMAND.INVALID');
      expect(error.violations).toEqual([
        { field: 'businessKey', description: 'must not be blank', reason: 'REQUIRED' },
      ]);
    });

    it('refuses a definition with no handoff from start', () => {
      const noStart = aDefinition({ steps: [humanTask('a')], handoffs: [handoff('a-end', 'a', 'end')] });
      instanceSpec(noStart)
        .given([])
        .when(startInstance(versionOf(noStart)))
        .thenThrows(ValidationError, 'DEFINITION.NO_START_HANDOFF');
    });

    it('activates several first steps at once (a split from start)', () => {
      const split = aDefinition({
        steps: [humanTask('a'), humanTask('b')],
        handoffs: [handoff('go', 'start', ['a', 'b']), handoff('done', ['a', 'b'], 'end')],
      });
      instanceSpec(split)
        .given([])
        .when(startInstance(versionOf(split)))
        .then([
          anInstanceStarted(),
          aStepActivated({ stepId: 'a', handedOffFrom: [fromStart('go')] }),
          aStepActivated({ stepId: 'b', handedOffFrom: [fromStart('go')] }),
        ]);
    });
  });

  describe('when a step is owned by a person named in the data', () => {
    const byManager = aDefinition({ ...definition, handoffs: [handoff('go', 'start', 'assign-buddy')] });

    it('resolves the owner to that person at activation', () => {
      const [, activated] = instanceSpec(byManager)
        .given([])
        .when(startInstance(versionOf(byManager), { hiringManagerId: 'p-42' }))
        .events();
      expect(activated).toMatchObject({
        data: { owner: { kind: 'person', personId: 'p-42' }, policy: 'direct' },
      });
    });

    it('refuses the activation when the field is missing', () => {
      const error = instanceSpec(byManager)
        .given([])
        .when(startInstance(versionOf(byManager)))
        .thenThrows(ValidationError, 'OWNER.UNRESOLVED');
      expect(error.violations[0]).toMatchObject({ field: 'data.hiringManagerId', reason: 'REQUIRED' });
    });

    it('refuses the activation when the field is not a person id', () => {
      instanceSpec(byManager)
        .given([])
        .when(startInstance(versionOf(byManager), { hiringManagerId: 42 }))
        .thenThrows(ValidationError, 'OWNER.UNRESOLVED');
    });
  });

  describe('when it is already started', () => {
    const history = [anInstanceStarted({}, { idempotencyKey: 'start-1' })];

    it('returns no events for the same idempotency key', () => {
      spec
        .given(history)
        .when(startInstance(versionOf(definition), {}, { idempotencyKey: 'start-1' }))
        .then([]);
    });

    it('refuses a start with another key as a conflict', () => {
      spec
        .given(history)
        .when(startInstance(versionOf(definition), {}, { idempotencyKey: 'start-2' }))
        .thenThrows(ConflictError, 'INSTANCE.ALREADY_STARTED');
    });

    it('refuses a start without a key as a conflict', () => {
      spec
        .given(history)
        .when(startInstance(versionOf(definition)))
        .thenThrows(ConflictError, 'INSTANCE.ALREADY_STARTED');
    });
  });
});
