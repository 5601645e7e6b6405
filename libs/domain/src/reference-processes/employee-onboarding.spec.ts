import { IllegalStateError, ValidationError } from '../shared/errors';
import type { InstanceEvent } from '../instance/events';
import {
  anInstanceCompleted,
  assign,
  aStepAssigned,
  aStepCompleted,
  aStepEscalated,
  aStepOverdue,
  aStepStarted,
  complete,
  DAY,
  escalate,
  from,
  fromStart,
  HOUR,
  instanceSpec,
  markOverdue,
  pickUp,
  replay,
  startInstance,
  T0,
  versionOf,
} from '../instance/testing';
import { activationOf, loadReferenceProcess, startedBy } from './testing/reference-process';

const definition = loadReferenceProcess('employee-onboarding');
const spec = instanceSpec(definition);
const hire = {
  candidateId: 'CAND-7',
  candidateName: 'Noor Haddad',
  startDate: '2026-02-02',
  hiringManagerId: 'ana',
  jobTitle: 'Data Engineer',
  department: 'engineering',
  workLocation: 'Berlin',
};
const startDay = Date.UTC(2026, 1, 2);
const start = startInstance(
  versionOf(definition),
  hire,
  {},
  { businessKey: 'CAND-7', triggerType: 'hr.offer.signed' },
);
const branchesFrom = [fromStart('offer-signed-to-branches')];
const it_ = { laptopSerial: 'LT-5521', workEmail: 'noor.haddad@example.test' };
const paperwork = { employeeId: 'E-1042', payrollEnrolled: true };
const orientation = { buddyId: 'kai', orientationAt: '2026-02-02T09:00:00+01:00' };
const day = (n: number) => ({ now: T0 + n * DAY });

/** The signed offer started the three branches; each has been picked up. */
const inProgress: InstanceEvent[] = replay(definition, [
  start,
  assign('provision-it#1', 'ivy', { now: T0 + HOUR }, 'least-loaded in it-service-desk'),
  pickUp('process-paperwork#1', 'hana', { now: T0 + HOUR }),
  pickUp('prepare-orientation#1', 'ana', { now: T0 + HOUR }),
]);

describe('Employee onboarding (examples/employee-onboarding.yaml)', () => {
  describe('when the signed offer arrives', () => {
    it('starts IT, HR and the hiring manager in parallel, each due relative to the start date', () => {
      spec
        .given([])
        .when(start)
        .then([
          startedBy(definition, hire, 'CAND-7'),
          activationOf(definition, 'provision-it', {
            handedOffFrom: branchesFrom,
            dueAt: startDay - 2 * DAY,
          }),
          activationOf(definition, 'process-paperwork', {
            handedOffFrom: branchesFrom,
            dueAt: startDay - DAY,
          }),
          activationOf(definition, 'prepare-orientation', {
            handedOffFrom: branchesFrom,
            dueAt: startDay - 3 * DAY,
            owner: { kind: 'person', personId: 'ana' }, // the hiring manager named in the offer
          }),
        ]);
    });

    it('refuses an offer without a start date: no deadline could be set', () => {
      const { startDate: _missing, ...withoutDate } = hire;
      spec
        .given([])
        .when(startInstance(versionOf(definition), withoutDate, {}, { triggerType: 'hr.offer.signed' }))
        .thenThrows(ValidationError, 'INSTANCE.START_DATA_INVALID');
    });
  });

  describe('on the happy path', () => {
    it('joins the three branches before day one, then welcomes the new hire', () => {
      let history = replay(definition, [pickUp('provision-it#1', undefined, day(2))], inProgress);
      history = spec
        .given(history)
        .when(complete('provision-it#1', { output: it_ }, day(3)))
        .then([
          aStepCompleted(
            { stepId: 'provision-it', output: it_, routedVia: ['ready-for-day-one'] },
            { at: T0 + 3 * DAY },
          ),
        ]);
      history = spec
        .given(history)
        .when(complete('prepare-orientation#1', { output: orientation }, day(4)))
        .then([
          aStepCompleted(
            { stepId: 'prepare-orientation', output: orientation, routedVia: ['ready-for-day-one'] },
            { at: T0 + 4 * DAY },
          ),
        ]);
      history = spec
        .given(history)
        .when(complete('process-paperwork#1', { output: paperwork }, day(5)))
        .then([
          aStepCompleted(
            { stepId: 'process-paperwork', output: paperwork, routedVia: ['ready-for-day-one'] },
            { at: T0 + 5 * DAY },
          ),
          activationOf(
            definition,
            'welcome-on-day-one',
            {
              handedOffFrom: [
                from('ready-for-day-one', 'provision-it#1', T0 + 3 * DAY),
                from('ready-for-day-one', 'prepare-orientation#1', T0 + 4 * DAY),
                from('ready-for-day-one', 'process-paperwork#1', T0 + 5 * DAY),
              ],
              dueAt: startDay + DAY,
            },
            { at: T0 + 5 * DAY },
          ),
        ]);
      history = replay(definition, [pickUp('welcome-on-day-one#1', 'pia', { now: startDay })], history);
      spec
        .given(history)
        .when(
          complete(
            'welcome-on-day-one#1',
            { output: { firstDayCompleted: true } },
            { now: startDay + 8 * HOUR },
          ),
        )
        .then([
          aStepCompleted(
            {
              stepId: 'welcome-on-day-one',
              output: { firstDayCompleted: true },
              routedVia: ['welcome-on-day-one->end'],
            },
            { at: startDay + 8 * HOUR },
          ),
          anInstanceCompleted(
            { data: { ...hire, ...it_, ...orientation, ...paperwork, firstDayCompleted: true } },
            { at: startDay + 8 * HOUR },
          ),
        ]);
    });
  });

  describe('when IT is not done two days before the start date', () => {
    const itDue = startDay - 2 * DAY;

    it('marks IT overdue exactly then, and not a minute before', () => {
      spec
        .given(inProgress)
        .when(markOverdue('provision-it#1', { now: itDue - 60_000 }))
        .thenThrows(IllegalStateError, 'STEP.NOT_YET_DUE');
      spec
        .given(inProgress)
        .when(markOverdue('provision-it#1', { now: itDue }))
        .then([aStepOverdue({ stepId: 'provision-it', dueAt: itDue }, { at: itDue })]);
    });

    it('escalates to the IT lead, who takes the step over and finishes it; day one goes ahead', () => {
      let history = replay(
        definition,
        [
          complete('process-paperwork#1', { output: paperwork }, day(5)),
          complete('prepare-orientation#1', { output: orientation }, day(6)),
          markOverdue('provision-it#1', { now: itDue }),
        ],
        inProgress,
      );
      history = spec
        .given(history)
        .when(escalate('provision-it#1', 1, { now: itDue }, 'ivan'))
        .then([
          aStepEscalated(
            {
              stepId: 'provision-it',
              level: 1,
              action: 'reassign',
              to: { kind: 'role', role: 'it-lead' },
              toPersonId: 'ivan',
              reason: 'overdue since 2026-01-31T00:00:00.000Z; escalation level 1 (reassign)',
            },
            { at: itDue },
          ),
        ]);
      expect(spec.given(history).state).toMatchObject({
        activations: { 'provision-it#1': { status: 'assigned', assigneeId: 'ivan', escalationLevel: 1 } },
      });
      spec
        .given(history)
        .when(pickUp('provision-it#1', 'ivy', { now: itDue + HOUR }))
        .thenThrows(IllegalStateError, 'STEP.ASSIGNED_TO_ANOTHER_PERSON');
      history = spec
        .given(history)
        .when(pickUp('provision-it#1', 'ivan', { now: itDue + HOUR }))
        .then([aStepStarted({ stepId: 'provision-it', personId: 'ivan' }, { at: itDue + HOUR })]);
      const [completed, dayOne] = spec
        .given(history)
        .when(complete('provision-it#1', { output: it_, personId: 'ivan' }, { now: itDue + 6 * HOUR }))
        .events();
      expect(completed).toEqual(
        aStepCompleted(
          { stepId: 'provision-it', output: it_, personId: 'ivan', routedVia: ['ready-for-day-one'] },
          { at: itDue + 6 * HOUR },
        ),
      );
      expect(dayOne).toMatchObject({
        type: 'StepActivated',
        data: { stepId: 'welcome-on-day-one', dueAt: startDay + DAY },
      });
      expect(history).toContainEqual(
        aStepAssigned(
          { stepId: 'provision-it', personId: 'ivy', reason: 'least-loaded in it-service-desk' },
          { at: T0 + HOUR },
        ),
      );
    });
  });
});
