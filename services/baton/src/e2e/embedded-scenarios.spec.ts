import { commonV1, TRIGGERS_TOPIC } from '@baton/contracts';
import { MessageHeaders } from '@baton/messaging';
import { ManualClock } from '@baton/service-kit';
import { DeadlineScheduler } from '@baton/service-ownership';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedHost, type EmbeddedHost } from '../embedded-host';
import { ProjectionsInWorker } from '@baton/service-analytics';
import type { Worker } from 'node:worker_threads';
import { BatonClients, sameAddress } from './baton-clients';
import { onboarding, orderToCash, type ScenarioResult, type ScenarioWorld } from './scenarios';

const T0 = Date.parse('2026-03-02T09:00:00Z');

/** The event types of an audit trail, in order. */
const typesOf = (result: ScenarioResult) => result.trail.map((e) => e.event?.type);
const versionsOf = (result: ScenarioResult) => result.trail.map((e) => Number(e.event?.streamVersion));

// The reference scenarios against the embedded host: one process, one SQLite file, the in-process
// bus, all four services talking gRPC and events exactly as they do when distributed.
describe('Embedded mode end to end', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'baton-e2e-'));
  const clock = new ManualClock(T0);
  let host: EmbeddedHost;
  let world: ScenarioWorld;

  beforeAll(async () => {
    // Analytics in its own worker thread, as `npm start` runs it.
    host = await startEmbeddedHost({
      address: '127.0.0.1:0',
      dataDir,
      clock,
      seed: true,
      analyticsProjectionsIn: 'worker-thread',
    });
    const clients = new BatonClients(sameAddress(`127.0.0.1:${host.port}`));
    world = {
      clients,
      // An internal system's trigger, as protobuf on the triggers topic of the in-process bus.
      produceTrigger: (t) =>
        host.runtime.bus.publish(TRIGGERS_TOPIC, [
          {
            key: t.correlationKey,
            value: Buffer.from(commonV1.TriggerEvent.encode(commonV1.TriggerEvent.fromPartial(t)).finish()),
            headers: { [MessageHeaders.contentType]: 'application/x-protobuf' },
          },
        ]),
      advanceClock: (ms) => clock.advance(ms),
      tickDeadlines: () => host.app.get(DeadlineScheduler).tick(),
    };
  });
  afterAll(async () => {
    world.clients.close();
    await host.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('runs onboarding from a signed-offer trigger through three branches, an escalation and the join', async () => {
    const result = await onboarding(world, clock.now());
    expect(result.instancesWithKey).toBe(1);
    expect(versionsOf(result)).toEqual(result.trail.map((_, i) => i + 1));
    const types = typesOf(result);
    expect(types[0]).toBe('InstanceStarted');
    expect(types.at(-1)).toBe('InstanceCompleted');
    expect(types.filter((t) => t === 'StepActivated')).toHaveLength(4);
    expect(types.filter((t) => t === 'StepCompleted')).toHaveLength(4);
    expect(types.indexOf('StepOverdue')).toBeLessThan(types.indexOf('StepEscalated'));
    const it = result.trail.filter((e) => e.stepId === 'provision-it').map((e) => e.event?.type);
    expect(it).toEqual([
      'StepActivated',
      'StepAssigned',
      'StepOverdue',
      'StepEscalated', // a reassigning level names the new assignee itself
      'StepStarted',
      'StepCompleted',
    ]);
  });

  it('runs order-to-cash through its reconciliation loop to the payment', async () => {
    const result = await orderToCash(world, clock.now());
    expect(result.instancesWithKey).toBe(1);
    expect(versionsOf(result)).toEqual(result.trail.map((_, i) => i + 1));
    const invoice = result.trail.filter((e) => e.stepId === 'issue-invoice').map((e) => e.event?.type);
    // The billing system claims the automated step as it starts it (assigned, then started).
    expect(invoice).toEqual([
      'StepActivated',
      'StepAssigned',
      'StepStarted',
      'StepFailed',
      'StepActivated',
      'StepAssigned',
      'StepStarted',
      'StepCompleted',
    ]);
    expect(typesOf(result)).toContain('TriggerCorrelated');
    expect(typesOf(result).at(-1)).toBe('InstanceCompleted');
  });

  it('starts the analytics projection thread again when it dies, and its audit trail misses nothing', async () => {
    const projections = host.app.get(ProjectionsInWorker, { strict: false });
    const thread = (projections as unknown as { worker: Worker }).worker;
    await thread.terminate(); // as a crash would end it
    const result = await orderToCash(world, clock.now());
    expect((projections as unknown as { worker: Worker }).worker).not.toBe(thread);
    expect(versionsOf(result)).toEqual(result.trail.map((_, i) => i + 1));
    expect(typesOf(result).at(-1)).toBe('InstanceCompleted');
  });
});
