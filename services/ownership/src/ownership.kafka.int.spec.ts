import { DEFINITION_EVENTS_TOPIC, EXECUTION_EVENTS_TOPIC, OWNERSHIP_EVENTS_TOPIC } from '@baton/contracts';
import { KafkaMessageBus } from '@baton/messaging';
import { ManualClock } from '@baton/service-kit';
import { describeWithKafka, kafkaBrokers, uniqueName } from '@baton/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeadlineScheduler } from './deadlines/deadline-scheduler';
import { seedDirectory } from './seed/seed-directory';
import { eventually, OwnershipHarness, T0 } from './testing/ownership-harness';
import { RecordingExecution } from './testing/recording-execution';

jest.setTimeout(90_000);
const DAY = 86_400_000;

// The ownership consumers on a real broker, restarted like a crashed process: the assignment
// group resumes at its committed offsets (no second assignment), and the work projection is
// rebuilt from the beginning under a fresh group (the scheduler fires nothing twice).
// Execution is the recording stand-in (services/execution is not committed yet).
describeWithKafka('Ownership consumers on Kafka', () => {
  let dir: string;
  let bus: KafkaMessageBus;
  let clock: ManualClock;
  let execution: RecordingExecution;
  let h: OwnershipHarness;
  const assignmentGroupId = uniqueName('ownership-assignment');
  const instanceId = uniqueName('i');
  const dueAt = T0 + 5 * DAY;

  const start = () =>
    OwnershipHarness.start({
      dir,
      bus,
      clock,
      executionAddress: () => execution.address,
      schedulerIntervalMs: 0,
      assignmentGroupId,
      relay: false,
      retry: { initialDelayMs: 5, attempts: 3 },
    });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'baton-ownership-kafka-'));
    bus = new KafkaMessageBus({
      brokers: kafkaBrokers(),
      clientId: 'ownership-int',
      fetchMaxWaitMs: 100,
      sessionTimeoutMs: 6_000,
    });
    await bus.ensureTopics(
      [DEFINITION_EVENTS_TOPIC, EXECUTION_EVENTS_TOPIC, OWNERSHIP_EVENTS_TOPIC].map((topic) => ({
        topic,
        numPartitions: 3,
      })),
    );
    clock = new ManualClock(T0);
    execution = await new RecordingExecution(bus, clock).start();
    h = await start();
    await seedDirectory(h.app);
  });

  afterAll(async () => {
    await h.stop(false);
    await execution.stop();
    await bus.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const mine = () => execution.effects.filter((e) => e.instanceId === instanceId).map((e) => e.key);

  it('assigns, marks overdue and escalates once, across restarts', async () => {
    await execution.publishDefinition('budget-approval.yaml', 'budget-approval');
    await execution.startInstance(instanceId, 'budget-approval');
    await execution.activate(instanceId, 'finance-review', {
      owner: { kind: 'team', teamId: 'fp-and-a' },
      policy: 'least-loaded',
      stepKind: 'approval',
      dueAt,
    });
    await eventually(() => expect(mine()).toEqual([`assign:${instanceId}:finance-review#1`]), 60_000);
    await eventually(
      () => expect(h.tracker.activation(instanceId, 'finance-review#1')?.assignee).toBeDefined(),
      30_000,
    );
    await eventually(() => expect(h.tracker.stepOf(instanceId, 'finance-review')).toBeDefined(), 30_000);

    clock.set(dueAt);
    await h.app.get(DeadlineScheduler).tick();
    expect(mine()).toHaveLength(3); // assign, overdue, level 1

    await h.stop(false);
    h = await start();
    await eventually(
      () => expect(h.tracker.activation(instanceId, 'finance-review#1')?.escalationLevel).toBe(1),
      60_000,
    );
    // The escalation chain comes from the definition topic, which the restarted consumers may
    // read after the instance's events: without it the next tick has no level 2 to fire.
    await eventually(() => expect(h.tracker.stepOf(instanceId, 'finance-review')).toBeDefined(), 30_000);
    const calls = execution.calls.filter(
      (c) => c.includes(instanceId) || c.includes('finance-review#1'),
    ).length;
    await h.app.get(DeadlineScheduler).tick();
    clock.advance(2 * DAY);
    await h.app.get(DeadlineScheduler).tick();
    expect(mine()).toEqual([
      `assign:${instanceId}:finance-review#1`,
      'overdue:finance-review#1',
      'escalate:finance-review#1:1',
      'escalate:finance-review#1:2',
    ]);
    // The restarted assignment group did not receive the StepActivated again.
    expect(
      execution.calls.filter((c) => c === `AssignStep assign:${instanceId}:finance-review#1`),
    ).toHaveLength(1);
    expect(calls).toBeGreaterThan(0);
  });
});
