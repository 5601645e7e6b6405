import { IllegalStateError, ValidationError } from '../../shared/errors';
import {
  aDefinition,
  anInstanceStarted,
  aStepActivated,
  aStepAssigned,
  aStepEscalated,
  aStepOverdue,
  DAY,
  escalate,
  handoff,
  HOUR,
  humanTask,
  instanceSpec,
  markOverdue,
  T0,
} from '../testing';

const definition = aDefinition({
  steps: [
    humanTask('provision', {
      deadline: { kind: 'within', durationMs: DAY },
      escalations: [
        { afterMs: 0, action: 'notify', to: { kind: 'role', role: 'it-lead' } },
        { afterMs: 4 * HOUR, action: 'reassign', to: { kind: 'person', personId: 'lead-1' } },
      ],
    }),
    humanTask('paperwork'),
  ],
  handoffs: [
    handoff('go', 'start', ['provision', 'paperwork']),
    handoff('done', ['provision', 'paperwork'], 'end'),
  ],
});
const spec = instanceSpec(definition);
const due = T0 + DAY;
const active = [
  anInstanceStarted(),
  aStepActivated({ stepId: 'provision', dueAt: due }),
  aStepActivated({ stepId: 'paperwork' }),
  aStepAssigned({ stepId: 'provision', personId: 'alice' }),
];
const overdue = [...active, aStepOverdue({ stepId: 'provision', dueAt: due }, { at: due })];

describe('Instance', () => {
  describe('when a step deadline passes', () => {
    it('marks the step overdue', () => {
      spec
        .given(active)
        .when(markOverdue('provision#1', { now: due }))
        .then([aStepOverdue({ stepId: 'provision', dueAt: due }, { at: due })]);
    });

    it('refuses to mark it before the deadline', () => {
      const error = spec
        .given(active)
        .when(markOverdue('provision#1', { now: due - 1 }))
        .thenThrows(IllegalStateError, 'STEP.NOT_YET_DUE');
      expect(error.details['dueAt']).toBe(due);
    });

    it('refuses to mark a step without deadline', () => {
      spec
        .given(active)
        .when(markOverdue('paperwork#1', { now: due }))
        .thenThrows(IllegalStateError, 'STEP.NO_DEADLINE');
    });

    it('refuses to mark it twice', () => {
      spec
        .given(overdue)
        .when(markOverdue('provision#1', { now: due }))
        .thenThrows(IllegalStateError, 'STEP.ALREADY_OVERDUE');
    });
  });

  describe('when an overdue step is escalated', () => {
    it('records the first level of the chain', () => {
      spec
        .given(overdue)
        .when(escalate('provision#1', 1, { now: due }))
        .then([
          aStepEscalated(
            {
              stepId: 'provision',
              level: 1,
              action: 'notify',
              to: { kind: 'role', role: 'it-lead' },
              reason: 'overdue since 2026-01-06T09:00:00.000Z; escalation level 1 (notify)',
            },
            { at: due },
          ),
        ]);
    });

    it('reassigns to the named person at a reassign level, once its delay has passed', () => {
      const at = due + 4 * HOUR;
      const history = spec
        .given([...overdue, aStepEscalated({ stepId: 'provision', level: 1 })])
        .when(escalate('provision#1', 2, { now: at }))
        .then([
          aStepEscalated(
            {
              stepId: 'provision',
              level: 2,
              action: 'reassign',
              to: { kind: 'person', personId: 'lead-1' },
              toPersonId: 'lead-1',
              reason: 'overdue since 2026-01-06T09:00:00.000Z; escalation level 2 (reassign)',
            },
            { at },
          ),
        ]);
      expect(spec.given(history).state).toMatchObject({
        activations: { 'provision#1': { status: 'assigned', assigneeId: 'lead-1', escalationLevel: 2 } },
      });
    });

    it('refuses a level before its delay has passed', () => {
      spec
        .given(overdue)
        .when(escalate('provision#1', 2, { now: due + HOUR }))
        .thenThrows(IllegalStateError, 'ESCALATION.NOT_DUE');
    });

    it('refuses a level already reached', () => {
      spec
        .given([...overdue, aStepEscalated({ stepId: 'provision', level: 2 })])
        .when(escalate('provision#1', 1, { now: due + DAY }))
        .thenThrows(IllegalStateError, 'ESCALATION.ALREADY_REACHED');
    });

    it('refuses a level the chain does not have', () => {
      spec
        .given(overdue)
        .when(escalate('provision#1', 3, { now: due }))
        .thenThrows(ValidationError, 'ESCALATION.UNKNOWN_LEVEL');
      spec
        .given(overdue)
        .when(escalate('provision#1', 0, { now: due }))
        .thenThrows(ValidationError, 'ESCALATION.UNKNOWN_LEVEL');
    });

    it('refuses to escalate a step that is not overdue', () => {
      spec
        .given(active)
        .when(escalate('provision#1', 1, { now: due }))
        .thenThrows(IllegalStateError, 'STEP.NOT_OVERDUE');
    });
  });
});
