import { commonV1, ownershipV1 } from '@baton/contracts';
import { InProcessMessageBus } from '@baton/messaging';
import { ManualClock } from '@baton/service-kit';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seedDirectory } from '../seed/seed-directory';
import { eventually, OwnershipHarness, T0 } from '../testing/ownership-harness';
import { RecordingExecution } from '../testing/recording-execution';
import { DeadlineScheduler } from './deadline-scheduler';

const DAY = 86_400_000;

// Against a local stand-in for ExecutionService (AssignStep/MarkStepOverdue/EscalateStep only),
// because services/execution is not committed yet; see testing/recording-execution.ts.
// budget-approval's finance-review: due 5 days after activation; level 1 reminds fp-and-a at
// the deadline, level 2 reassigns to the finance-director two days later.
describe('DeadlineScheduler', () => {
  let dir: string;
  let bus: InProcessMessageBus;
  let clock: ManualClock;
  let execution: RecordingExecution;
  let h: OwnershipHarness;
  const dueAt = T0 + 5 * DAY;

  const start = () =>
    OwnershipHarness.start({
      dir,
      bus,
      clock,
      executionAddress: () => execution.address,
      schedulerIntervalMs: 0,
      retry: { initialDelayMs: 5, attempts: 3 },
    });
  const tick = () => h.app.get(DeadlineScheduler).tick();
  const fired = () => execution.effects.filter((e) => e.method !== 'AssignStep').map((e) => e.key);

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'baton-deadlines-'));
    bus = new InProcessMessageBus({ redeliveryDelayMs: 10 });
    clock = new ManualClock(T0);
    execution = await new RecordingExecution(bus, clock).start();
    h = await start();
    await seedDirectory(h.app);
    await execution.publishDefinition('budget-approval.yaml', 'budget-approval');
    await execution.startInstance('i-1', 'budget-approval', { requestId: 'r-1' });
    await execution.activate('i-1', 'finance-review', {
      owner: { kind: 'team', teamId: 'fp-and-a' },
      policy: 'least-loaded',
      stepKind: 'approval',
      dueAt,
    });
    await eventually(() =>
      expect(h.tracker.activation('i-1', 'finance-review#1')?.assignee).toBe('alice.martin'),
    );
    await eventually(() => expect(h.tracker.stepOf('i-1', 'finance-review')?.escalations).toHaveLength(2));
  });

  afterEach(async () => {
    await h.stop(false);
    await execution.stop();
    await bus.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('tells who owns the step of the definition and the open activation', async () => {
    const step = await h.call<ownershipV1.WhoOwnsRequest, ownershipV1.WhoOwnsResponse>(
      'whoOwns',
      ownershipV1.WhoOwnsRequest.fromPartial({ definitionId: 'budget-approval', stepId: 'finance-review' }),
    );
    expect(step).toMatchObject({ teamId: 'fp-and-a', assigneePersonId: '' });
    expect(step.candidates.map((p) => p.personId)).toEqual(['alice.martin', 'ben.okafor', 'carla.romero']);
    expect(step.escalationChain.map((l) => l.action)).toEqual([
      commonV1.EscalationAction.ESCALATION_ACTION_REMIND,
      commonV1.EscalationAction.ESCALATION_ACTION_REASSIGN,
    ]);
    const open = await h.call<ownershipV1.WhoOwnsRequest, ownershipV1.WhoOwnsResponse>(
      'whoOwns',
      ownershipV1.WhoOwnsRequest.fromPartial({ instanceId: 'i-1', activationId: 'finance-review#1' }),
    );
    expect(open).toMatchObject({ assigneePersonId: 'alice.martin', suggestedPersonId: 'ben.okafor' });
  });

  it('fires nothing before the deadline', async () => {
    clock.set(dueAt - 1);
    await tick();
    expect(fired()).toEqual([]);
  });

  it('marks the step overdue once at its deadline and escalates level by level', async () => {
    clock.set(dueAt);
    await tick();
    expect(fired()).toEqual(['overdue:finance-review#1', 'escalate:finance-review#1:1']);
    await tick();
    clock.advance(2 * DAY - 1);
    await tick();
    expect(fired()).toHaveLength(2);
    clock.advance(1);
    await tick();
    await tick();
    expect(fired()).toEqual([
      'overdue:finance-review#1',
      'escalate:finance-review#1:1',
      'escalate:finance-review#1:2',
    ]);
    // Level 2 reassigns to the finance-director, resolved from the directory.
    expect(execution.effects.at(-1)).toMatchObject({ level: 2, personId: 'alice.martin' });
  });

  it('counts escalation delays from when the step was marked overdue, not from its deadline', async () => {
    clock.set(dueAt + 3 * DAY); // the scheduler was down at the deadline
    await tick();
    expect(fired()).toEqual(['overdue:finance-review#1', 'escalate:finance-review#1:1']);
    clock.advance(2 * DAY);
    await tick();
    expect(fired()).toEqual([
      'overdue:finance-review#1',
      'escalate:finance-review#1:1',
      'escalate:finance-review#1:2',
    ]);
  });

  it('fires nothing twice across a restart, even before its index has caught up', async () => {
    clock.set(dueAt);
    await tick();
    await h.stop(false);
    h = await start();
    // A tick right after the restart may resend (same keys): execution records nothing new.
    await tick();
    await eventually(() => expect(h.tracker.activation('i-1', 'finance-review#1')?.escalationLevel).toBe(1));
    const calls = execution.calls.length;
    await tick();
    expect(execution.calls).toHaveLength(calls); // the rebuilt index knows what fired: no call at all
    clock.advance(2 * DAY);
    await tick();
    await h.stop(false);
    h = await start();
    await eventually(() => expect(h.tracker.activation('i-1', 'finance-review#1')?.escalationLevel).toBe(2));
    await tick();
    expect(fired()).toEqual([
      'overdue:finance-review#1',
      'escalate:finance-review#1:1',
      'escalate:finance-review#1:2',
    ]);
  });

  it('never fires for a step completed before its deadline', async () => {
    await execution.complete('i-1', 'finance-review#1');
    await eventually(() => expect(h.tracker.activation('i-1', 'finance-review#1')).toBeUndefined());
    clock.set(dueAt + 3 * DAY);
    await tick();
    expect(fired()).toEqual([]);
  });

  it('retries a command execution could not take and fires it once', async () => {
    execution.unavailable = 5; // more than one tick's retries
    clock.set(dueAt);
    await tick();
    expect(fired()).toEqual([]);
    await tick();
    expect(fired()).toEqual(['overdue:finance-review#1', 'escalate:finance-review#1:1']);
  });
});
