import { instanceTimings } from './instance-timings';
import {
  activated,
  completed,
  escalated,
  failed,
  fromStart,
  instanceCompleted,
  instanceFailed,
  instanceStarted,
  overdue,
  started,
} from './test-support/instance-events';

const due = 100;
const run = (...tail: Parameters<typeof instanceTimings>[0]) =>
  instanceTimings([instanceStarted(0), activated('a#1', 0, [fromStart(0)], { dueAt: due }), ...tail]);

describe('Activation timings', () => {
  it('meets the SLA when completed exactly at the deadline', () => {
    expect(run(started('a#1', 10), completed('a#1', due)).activations[0]).toMatchObject({
      dueAt: due,
      overdue: false,
      slaBreached: false,
    });
  });

  it('breaches the SLA when completed after the deadline, which also makes it overdue', () => {
    expect(run(started('a#1', 10), completed('a#1', due + 1)).activations[0]).toMatchObject({
      overdue: true,
      slaBreached: true,
    });
  });

  it('is overdue, not breached, when it was marked overdue and is still running', () => {
    expect(
      run(
        started('a#1', 10),
        overdue('a#1', due, due),
        escalated('a#1', due, 1),
        escalated('a#1', due + 5, 2),
      ).activations[0],
    ).toMatchObject({
      status: 'started',
      overdue: true,
      slaBreached: false,
      escalationLevel: 2,
    });
  });

  it('is overdue but not breached when it failed late (breach is about completion)', () => {
    const failedLate = run(started('a#1', 10), failed('a#1', due + 1));
    expect(failedLate.activations[0]).toMatchObject({
      status: 'failed',
      workMs: due - 9,
      overdue: true,
      slaBreached: false,
    });
  });

  it('has no deadline flags without a deadline', () => {
    const timings = instanceTimings([
      instanceStarted(0),
      activated('a#1', 0, [fromStart(0)]),
      completed('a#1', 1e6),
    ]);
    expect(timings.activations[0]).toMatchObject({ overdue: false, slaBreached: false, status: 'completed' });
    expect(timings.activations[0]).not.toHaveProperty('dueAt');
  });

  it('reports statuses as the activation moves on', () => {
    expect(run().activations[0]?.status).toBe('activated');
    expect(run().endToEnd).toEqual({ status: 'running', startedAt: 0 });
  });

  it('ends an instance that failed, cancelling what was open', () => {
    const timings = run(instanceFailed(50, ['a#1']));
    expect(timings.activations[0]).toMatchObject({ status: 'cancelled', endedAt: 50 });
    expect(timings.endToEnd).toEqual({ status: 'failed', startedAt: 0, endedAt: 50, durationMs: 50 });
  });

  it('has no end-to-end duration without an InstanceStarted (a partial import)', () => {
    const timings = instanceTimings([
      activated('a#1', 0, [fromStart(0)]),
      completed('a#1', 5),
      instanceCompleted(5),
    ]);
    expect(timings.endToEnd).toEqual({ status: 'completed', endedAt: 5 });
  });
});
