import { ownershipV1 } from '@baton/contracts';
import { InProcessMessageBus } from '@baton/messaging';
import { ManualClock } from '@baton/service-kit';
import { seedDirectory } from '../seed/seed-directory';
import { AssignmentWorker } from './assignment.worker';
import { eventually, OwnershipHarness, T0 } from '../testing/ownership-harness';
import { RecordingExecution } from '../testing/recording-execution';

// Against a local stand-in for ExecutionService (AssignStep/MarkStepOverdue/EscalateStep only),
// because services/execution is not committed yet; see testing/recording-execution.ts.
describe('AssignmentWorker', () => {
  let bus: InProcessMessageBus;
  let clock: ManualClock;
  let execution: RecordingExecution;
  let h: OwnershipHarness;

  beforeEach(async () => {
    bus = new InProcessMessageBus({ redeliveryDelayMs: 10 });
    clock = new ManualClock(T0);
    execution = await new RecordingExecution(bus, clock).start();
    h = await OwnershipHarness.start({
      bus,
      clock,
      executionAddress: () => execution.address,
      schedulerIntervalMs: 0,
      retry: { initialDelayMs: 5, attempts: 4 },
    });
    await seedDirectory(h.app);
    await execution.startInstance('i-1', 'order-to-cash');
  });

  afterEach(async () => {
    await h.stop();
    await execution.stop();
    await bus.close();
  });

  const assignees = () => execution.effects.filter((e) => e.method === 'AssignStep').map((e) => e.personId);

  it('assigns a team step round-robin over the team, in a stable order', async () => {
    for (const step of ['a', 'b', 'c', 'd']) {
      await execution.activate('i-1', step, {
        owner: { kind: 'team', teamId: 'sales' },
        policy: 'round-robin',
      });
    }
    await eventually(() =>
      expect(assignees()).toEqual(['farid.haddad', 'sam.taylor', 'xavier.moreau', 'farid.haddad']),
    );
    expect(execution.effects[0]).toMatchObject({
      key: 'assign:i-1:a#1',
      instanceId: 'i-1',
      activationId: 'a#1',
    });
  });

  it('assigns least-loaded to whoever has the fewest open steps', async () => {
    const owner = { kind: 'team', teamId: 'it-service-desk' } as const;
    await execution.activate('i-1', 'a', { owner, policy: 'least-loaded' });
    await eventually(() => expect(h.tracker.openCount('default', 'chris.evans')).toBe(1));
    await execution.activate('i-1', 'b', { owner, policy: 'least-loaded' });
    await eventually(() => expect(h.tracker.openCount('default', 'maya.cohen')).toBe(1));
    await execution.complete('i-1', 'a#1');
    await execution.activate('i-1', 'c', { owner, policy: 'least-loaded' });
    await eventually(() => expect(assignees()).toEqual(['chris.evans', 'maya.cohen', 'chris.evans']));
  });

  it('assigns a person owner directly, and leaves an absent person or a manual-claim step alone', async () => {
    await execution.activate('i-1', 'away', { owner: { kind: 'person', personId: 'priya.patel' } });
    await execution.activate('i-1', 'claim', {
      owner: { kind: 'team', teamId: 'sales' },
      policy: 'manual-claim',
    });
    await execution.activate('i-1', 'queue', { owner: { kind: 'team', teamId: 'legal' } }); // the team's own policy: manual
    await execution.activate('i-1', 'direct', { owner: { kind: 'person', personId: 'ben.okafor' } });
    await eventually(() => expect(assignees()).toEqual(['ben.okafor']));
    expect(execution.calls.filter((c) => c.startsWith('AssignStep'))).toEqual([
      'AssignStep assign:i-1:direct#1',
    ]);
  });

  it('retries while execution is unavailable and assigns once', async () => {
    execution.unavailable = 2;
    await execution.activate('i-1', 'a', { owner: { kind: 'person', personId: 'ben.okafor' } });
    await eventually(() => expect(assignees()).toEqual(['ben.okafor']));
    expect(execution.calls).toEqual(Array(3).fill('AssignStep assign:i-1:a#1'));
  });

  it('assigns a step whose AssignStep never got through on a later sweep, once', async () => {
    execution.unavailable = 4; // every bounded retry of the consumer fails
    await execution.activate('i-1', 'a', { owner: { kind: 'person', personId: 'ben.okafor' } });
    await eventually(() => expect(execution.calls).toHaveLength(4));
    expect(assignees()).toEqual([]);
    const worker = h.app.get(AssignmentWorker);
    await worker.sweep(); // first sight: it may still be in flight
    expect(assignees()).toEqual([]);
    await worker.sweep();
    expect(assignees()).toEqual(['ben.okafor']);
    await worker.sweep();
    await worker.sweep();
    expect(assignees()).toEqual(['ben.okafor']);
  });

  it('counts the assignments in the workload read model', async () => {
    const owner = { kind: 'team', teamId: 'sales' } as const;
    await execution.activate('i-1', 'a', { owner, policy: 'round-robin', dueAt: T0 + 1000 });
    await execution.activate('i-1', 'b', { owner, policy: 'manual-claim' });
    await eventually(() => expect(h.tracker.openCount('default', 'farid.haddad')).toBe(1));
    clock.advance(1000);
    const load = await h.call<ownershipV1.GetWorkloadRequest, ownershipV1.GetWorkloadResponse>(
      'getWorkload',
      {
        personId: '',
        teamId: 'sales',
      },
    );
    expect(load.unassignedCount).toBe(1);
    expect(load.people.find((p) => p.personId === 'farid.haddad')).toMatchObject({
      assignedCount: 1,
      startedCount: 0,
      overdueCount: 1,
      oldestAssignedAt: new Date(T0),
    });
  });
});
