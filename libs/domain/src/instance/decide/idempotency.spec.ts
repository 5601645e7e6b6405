import { IllegalStateError, ValidationError } from '../../shared/errors';
import type { InstanceCommand } from '../commands';
import {
  aDefinition,
  anInstanceCancelled,
  anInstanceStarted,
  assign,
  aStepActivated,
  aStepAssigned,
  cancel,
  handoff,
  humanTask,
  instanceSpec,
} from '../testing';

const definition = aDefinition({
  steps: [humanTask('a')],
  handoffs: [handoff('go', 'start', 'a'), handoff('a-end', 'a', 'end')],
});
const spec = instanceSpec(definition);
const assigned = [
  anInstanceStarted(),
  aStepActivated({ stepId: 'a' }),
  aStepAssigned({ stepId: 'a', personId: 'alice' }, { idempotencyKey: 'assign-1' }),
];

describe('Instance', () => {
  describe('when a command repeats a processed idempotency key', () => {
    it('decides no new events, although the command itself would now be refused', () => {
      spec
        .given(assigned)
        .when(assign('a#1', 'alice', { idempotencyKey: 'assign-1' }))
        .then([]);
      spec
        .given(assigned)
        .when(assign('a#1', 'alice', { idempotencyKey: 'assign-2' }))
        .thenThrows(IllegalStateError, 'STEP.ALREADY_ASSIGNED');
    });

    it('decides no new events on a terminal instance either', () => {
      const cancelled = [
        ...assigned,
        anInstanceCancelled({ cancelledActivationIds: ['a#1'] }, { idempotencyKey: 'cancel-1' }),
      ];
      spec
        .given(cancelled)
        .when(cancel('again', { idempotencyKey: 'cancel-1' }))
        .then([]);
      spec
        .given(cancelled)
        .when(assign('a#1', 'bob', { idempotencyKey: 'assign-1' }))
        .then([]);
      spec
        .given(cancelled)
        .when(cancel('again', { idempotencyKey: 'cancel-2' }))
        .thenThrows(IllegalStateError, 'INSTANCE.TERMINATED');
    });

    it('stamps every event of a command with its key', () => {
      const events = spec
        .given(assigned)
        .when(cancel('stop', { idempotencyKey: 'cancel-9' }))
        .events();
      expect(events.every((e) => e.idempotencyKey === 'cancel-9')).toBe(true);
      expect(spec.given([...assigned, ...events]).state).toMatchObject({
        processedIdempotencyKeys: ['assign-1', 'cancel-9'],
      });
    });
  });

  describe('when a command is not one the instance knows', () => {
    it('refuses it as invalid input', () => {
      const unknown = {
        type: 'ArchiveInstance',
        data: {},
        metadata: { now: 0 },
      } as unknown as InstanceCommand;
      spec.given(assigned).when(unknown).thenThrows(ValidationError, 'COMMAND.UNKNOWN');
    });
  });
});
