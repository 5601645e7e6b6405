import { IllegalStateError, NotFoundError, ValidationError } from '../../shared/errors';
import {
  aDefinition,
  anInstanceCancelled,
  anInstanceStarted,
  assign,
  aStepActivated,
  aStepAssigned,
  aStepCompleted,
  aStepReassigned,
  aStepStarted,
  automated,
  cancel,
  complete,
  handoff,
  humanTask,
  instanceSpec,
  pickUp,
  reassign,
  timer,
} from '../testing';

const definition = aDefinition({
  steps: [humanTask('review'), automated('book'), timer('pause', { kind: 'within', durationMs: 1000 })],
  handoffs: [
    handoff('go', 'start', ['review', 'book', 'pause']),
    handoff('done', ['review', 'book', 'pause'], 'end'),
  ],
});
const spec = instanceSpec(definition);
const started = anInstanceStarted();
const review = aStepActivated({ stepId: 'review' });
const book = aStepActivated({ stepId: 'book', stepKind: 'automated' });
const pause = aStepActivated({ stepId: 'pause', stepKind: 'timer' });
const active = [started, review, book, pause];

describe('Instance', () => {
  describe('when a step is activated', () => {
    it('assigns it', () => {
      spec
        .given(active)
        .when(assign('review#1', 'alice'))
        .then([aStepAssigned({ stepId: 'review', personId: 'alice' })]);
    });

    it('records the team the person was chosen from', () => {
      const command = assign('review#1', 'alice');
      spec
        .given(active)
        .when({ ...command, data: { ...command.data, teamId: 'finance' } })
        .then([aStepAssigned({ stepId: 'review', personId: 'alice', teamId: 'finance' })]);
    });

    it('lets a team member claim it by starting it: assigned, then started', () => {
      spec
        .given(active)
        .when(pickUp('review#1', 'carol'))
        .then([
          aStepAssigned({ stepId: 'review', personId: 'carol', reason: 'claimed' }),
          aStepStarted({ stepId: 'review', personId: 'carol' }),
        ]);
    });

    it('refuses to start a human step without knowing who picks it up', () => {
      spec.given(active).when(pickUp('review#1')).thenThrows(ValidationError, 'STEP.ASSIGNEE_REQUIRED');
    });

    it('lets a system start an automated step without a person', () => {
      spec
        .given(active)
        .when(pickUp('book#1'))
        .then([aStepStarted({ stepId: 'book' })]);
    });

    it('refuses to complete it before it is started, saying what is allowed', () => {
      const error = spec
        .given(active)
        .when(complete('review#1'))
        .thenThrows(IllegalStateError, 'STEP.NOT_STARTED');
      expect(error.details).toMatchObject({
        currentState: 'activated',
        allowed: ['AssignStep', 'StartStep', 'FailStep'],
        activationId: 'review#1',
      });
    });

    it('refuses to reassign an unassigned step', () => {
      spec.given(active).when(reassign('review#1')).thenThrows(IllegalStateError, 'STEP.NOT_ASSIGNED');
    });

    it('refuses commands that do not apply to the kind of step', () => {
      const error = spec
        .given(active)
        .when(assign('pause#1'))
        .thenThrows(IllegalStateError, 'STEP.KIND_MISMATCH');
      expect(error.details).toMatchObject({ allowed: ['FireTimer', 'FailStep'], stepKind: 'timer' });
    });

    it('refuses a blank person', () => {
      spec.given(active).when(assign('review#1', '')).thenThrows(ValidationError, 'COMMAND.INVALID');
    });

    it('refuses an unknown activation', () => {
      spec.given(active).when(assign('review#9')).thenThrows(NotFoundError, 'STEP.NOT_FOUND');
    });
  });

  describe('when a step is assigned', () => {
    const assigned = [...active, aStepAssigned({ stepId: 'review', personId: 'alice' })];

    it('starts it for the assignee', () => {
      spec
        .given(assigned)
        .when(pickUp('review#1'))
        .then([aStepStarted({ stepId: 'review', personId: 'alice' })]);
      spec
        .given(assigned)
        .when(pickUp('review#1', 'alice'))
        .then([aStepStarted({ stepId: 'review', personId: 'alice' })]);
    });

    it('refuses a start by someone else', () => {
      const error = spec
        .given(assigned)
        .when(pickUp('review#1', 'mallory'))
        .thenThrows(IllegalStateError, 'STEP.ASSIGNED_TO_ANOTHER_PERSON');
      expect(error.details).toMatchObject({ assigneeId: 'alice', currentState: 'assigned' });
    });

    it('refuses a second assignment', () => {
      const error = spec
        .given(assigned)
        .when(assign('review#1', 'bob'))
        .thenThrows(IllegalStateError, 'STEP.ALREADY_ASSIGNED');
      expect(error.details['allowed']).toEqual(['StartStep', 'ReassignStep', 'FailStep']);
    });

    it('reassigns it', () => {
      spec
        .given(assigned)
        .when(reassign('review#1', 'bob', {}, 'holiday'))
        .then([
          aStepReassigned({ stepId: 'review', fromPersonId: 'alice', toPersonId: 'bob', reason: 'holiday' }),
        ]);
    });

    it('refuses a reassignment to the same person', () => {
      spec
        .given(assigned)
        .when(reassign('review#1', 'alice'))
        .thenThrows(ValidationError, 'STEP.SAME_ASSIGNEE');
    });

    it('lets the new assignee start it after a reassignment', () => {
      spec
        .given([...assigned, aStepReassigned({ stepId: 'review', toPersonId: 'bob' })])
        .when(pickUp('review#1'))
        .then([aStepStarted({ stepId: 'review', personId: 'bob' })]);
    });
  });

  describe('when a step is started', () => {
    const inProgress = [
      ...active,
      aStepAssigned({ stepId: 'review' }),
      aStepStarted({ stepId: 'review', personId: 'alice' }),
    ];

    it('refuses to start it again', () => {
      spec
        .given(inProgress)
        .when(pickUp('review#1', 'alice'))
        .thenThrows(IllegalStateError, 'STEP.ALREADY_STARTED');
    });

    it('reassigns it and keeps it started, so the new person completes it', () => {
      const moved = spec
        .given(inProgress)
        .when(reassign('review#1', 'bob'))
        .then([aStepReassigned({ stepId: 'review', fromPersonId: 'alice', toPersonId: 'bob' })]);
      expect(spec.given(moved).state).toMatchObject({
        activations: { 'review#1': { status: 'started', assigneeId: 'bob' } },
      });
      spec
        .given(moved)
        .when(complete('review#1', { personId: 'bob' }))
        .then([aStepCompleted({ stepId: 'review', personId: 'bob', routedVia: ['done'] })]);
    });
  });

  describe('when a step has ended', () => {
    it('refuses commands on it as not active', () => {
      const done = [
        ...active,
        aStepStarted({ stepId: 'book' }),
        aStepCompleted({ stepId: 'book', routedVia: ['done'] }),
      ];
      const error = spec.given(done).when(pickUp('book#1')).thenThrows(IllegalStateError, 'STEP.NOT_ACTIVE');
      expect(error.details).toEqual({ currentState: 'completed', allowed: [], activationId: 'book#1' });
    });
  });

  describe('when the instance is not started or has ended', () => {
    it('refuses step commands before the start', () => {
      const error = spec
        .given([])
        .when(assign('review#1'))
        .thenThrows(IllegalStateError, 'INSTANCE.NOT_STARTED');
      expect(error.details).toEqual({ currentState: 'not-started', allowed: ['StartInstance'] });
    });

    it('refuses step commands after the end', () => {
      const cancelled = [
        ...active,
        anInstanceCancelled({ cancelledActivationIds: ['review#1', 'book#1', 'pause#1'] }),
      ];
      const error = spec
        .given(cancelled)
        .when(assign('review#1'))
        .thenThrows(IllegalStateError, 'INSTANCE.TERMINATED');
      expect(error.details).toEqual({ currentState: 'cancelled', allowed: [] });
      spec.given(cancelled).when(cancel()).thenThrows(IllegalStateError, 'INSTANCE.TERMINATED');
    });

    it('refuses a definition other than the instance one', () => {
      const other = aDefinition({ ...definition, id: 'other-process' });
      instanceSpec(other)
        .given(active)
        .when(assign('review#1'))
        .thenThrows(ValidationError, 'DEFINITION.MISMATCH');
    });
  });
});
