import { summarizeInstance } from './instance-history';
import { stepEntries, type StepEntry } from './lifecycle-mapping';
import { at, history, sequentialVendor } from './test-support/history-builders';

/** The fields a mining tool reads, one line per entry. */
const brief = (entries: readonly StepEntry[]) =>
  entries.map((e) =>
    [e.activationId, e.transition, e.resource ?? '-', e.group ?? '-', e.marking ?? '-'].join(' '),
  );

describe('Baton events as XES lifecycle transitions', () => {
  describe('when a step runs its usual course', () => {
    it('schedules, assigns, starts and completes it, naming the person and the team', () => {
      const entries = stepEntries(sequentialVendor().events);
      expect(brief(entries)).toEqual([
        'collect#1 schedule - procurement -',
        'collect#1 assign pat procurement -',
        'collect#1 start pat procurement -',
        'collect#1 complete pat procurement -',
        'review#1 schedule - legal -',
        'review#1 assign lee legal -',
        'review#1 start lee legal -',
        'review#1 complete lee legal -',
      ]);
      expect(entries.map((e) => e.at)).toEqual([0, 0, 60, 240, 240, 240, 360, 420].map(at));
      expect(entries[7]).toMatchObject({
        stepId: 'review',
        attempt: 1,
        outcome: 'approved',
        eventType: 'StepCompleted',
      });
      expect(entries[0]).toMatchObject({ eventId: 'i-1-e2', eventType: 'StepActivated' });
    });

    it('leaves the instance-level events to the trace', () => {
      const types = stepEntries(sequentialVendor().events).map((e) => e.eventType);
      expect(types).not.toContain('InstanceStarted');
      expect(types).not.toContain('InstanceCompleted');
    });
  });

  describe('when the work changes hands', () => {
    it('reassigns it to the new person, who then starts and completes it', () => {
      const events = history()
        .started(0)
        .activated('collect#1', 0, { team: 'procurement' })
        .assigned('collect#1', 1, 'pat')
        .reassigned('collect#1', 5, 'sam', 'pat')
        .stepStarted('collect#1', 6)
        .completed('collect#1', 9).events;
      expect(brief(stepEntries(events))).toEqual([
        'collect#1 schedule - procurement -',
        'collect#1 assign pat procurement -',
        'collect#1 reassign sam procurement -',
        'collect#1 start sam procurement -',
        'collect#1 complete sam procurement -',
      ]);
    });

    it('takes the team an assignment names over the owner team', () => {
      const events = history()
        .started(0)
        .activated('collect#1', 0, { owner: { kind: 'role', role: 'buyer' } })
        .assigned('collect#1', 1, 'pat', 'purchasing')
        .stepStarted('collect#1', 2, 'pat').events;
      expect(brief(stepEntries(events))).toEqual([
        'collect#1 schedule - - -',
        'collect#1 assign pat purchasing -',
        'collect#1 start pat purchasing -',
      ]);
    });

    it('marks an overdue step and its escalations; a reassigning escalation is a reassign', () => {
      const events = history()
        .started(0)
        .activated('review#1', 0, { team: 'legal', dueAt: 60 })
        .assigned('review#1', 0, 'lee')
        .overdue('review#1', 61, 60)
        .escalated('review#1', 61, 'notify', { kind: 'role', role: 'legal-lead' })
        .escalated('review#1', 120, 'reassign', { kind: 'team', teamId: 'legal-ops' }, 'max').events;
      const entries = stepEntries(events);
      expect(brief(entries)).toEqual([
        'review#1 schedule - legal -',
        'review#1 assign lee legal -',
        'review#1 unknown lee legal overdue',
        'review#1 unknown lee legal escalated',
        'review#1 reassign max legal-ops escalated',
      ]);
      expect(entries[0]?.dueAt).toBe(at(60));
      expect(entries[2]?.dueAt).toBe(at(60));
      expect(entries[3]).toMatchObject({ escalationLevel: 1, escalationAction: 'notify', reason: 'overdue' });
    });
  });

  describe('when a step does not complete normally', () => {
    it('aborts a failed activation (ate_abort) and completes a rejected one with its outcome', () => {
      const events = history()
        .started(0)
        .activated('invoice#1', 0, { team: 'billing' })
        .assigned('invoice#1', 0, 'erp')
        .stepStarted('invoice#1', 1)
        .failed('invoice#1', 2, 'failed', 'total differs')
        .activated('review#1', 3, { team: 'legal' })
        .assigned('review#1', 3, 'lee')
        .stepStarted('review#1', 4)
        .failed('review#1', 5, 'rejected', 'clause 4 missing', 'rejected').events;
      const entries = stepEntries(events);
      expect(brief(entries)).toEqual([
        'invoice#1 schedule - billing -',
        'invoice#1 assign erp billing -',
        'invoice#1 start erp billing -',
        'invoice#1 ate_abort erp billing failed',
        'review#1 schedule - legal -',
        'review#1 assign lee legal -',
        'review#1 start lee legal -',
        'review#1 complete lee legal rejected',
      ]);
      expect(entries[3]).toMatchObject({ reason: 'total differs' });
      expect(entries[7]).toMatchObject({
        outcome: 'rejected',
        reason: 'clause 4 missing',
        eventType: 'StepFailed',
      });
    });

    it('aborts every activation a cancellation or a failure of the instance cancelled (pi_abort)', () => {
      const events = history()
        .started(0)
        .activated('it#1', 0, { team: 'it' })
        .activated('hr#1', 0, { team: 'hr' })
        .assigned('hr#1', 1, 'hana')
        .cancelled(10, ['it#1', 'hr#1'], 'offer withdrawn').events;
      const entries = stepEntries(events);
      expect(brief(entries).slice(3)).toEqual([
        'it#1 pi_abort - it cancelled',
        'hr#1 pi_abort hana hr cancelled',
      ]);
      expect(entries.slice(3).map((e) => [e.at, e.reason, e.eventId])).toEqual([
        [at(10), 'offer withdrawn', 'i-1-e5'],
        [at(10), 'offer withdrawn', 'i-1-e5'],
      ]);
      const failed = history().started(0).activated('a#1', 0).instanceFailed(3, 'a#1', ['b#2']).events;
      expect(brief(stepEntries(failed))).toEqual(['a#1 schedule - - -', 'b#2 pi_abort - - cancelled']);
      expect(stepEntries(failed)[1]).toMatchObject({ stepId: 'b', attempt: 2 });
    });

    it('gives a correlated trigger no entry: the step it releases completes', () => {
      const events = history()
        .started(0)
        .activated('pay#1', 0)
        .correlated(5, 'pay#1')
        .completed('pay#1', 5).events;
      expect(brief(stepEntries(events))).toEqual(['pay#1 schedule - - -', 'pay#1 complete - - -']);
    });
  });
});

describe('summarizeInstance', () => {
  it('reads the instance, its outcome and when it ended', () => {
    expect(summarizeInstance(sequentialVendor().events)).toEqual({
      instanceId: 'i-1',
      definitionId: 'vendor',
      definitionVersion: 1,
      businessKey: 'bk-i-1',
      startedAt: at(0),
      outcome: 'completed',
      endedAt: at(420),
    });
    const cancelled = history().started(0).activated('a#1', 0).cancelled(5, ['a#1'], 'duplicate').events;
    expect(summarizeInstance(cancelled)).toMatchObject({
      outcome: 'cancelled',
      endedAt: at(5),
      reason: 'duplicate',
    });
    const failed = history().started(0).instanceFailed(7, 'a#1', []).events;
    expect(summarizeInstance(failed)).toMatchObject({ outcome: 'failed', endedAt: at(7), reason: 'no path' });
    expect(summarizeInstance(history().started(0).activated('a#1', 1).events)).toMatchObject({
      outcome: 'running',
    });
    expect(summarizeInstance(history().started(0).events)).not.toHaveProperty('endedAt');
  });

  it('has nothing to say about a stream that does not begin with InstanceStarted', () => {
    expect(summarizeInstance([])).toBeUndefined();
    expect(summarizeInstance(history().activated('a#1', 0).events)).toBeUndefined();
  });
});
