import { noStream, openSqliteEventStore } from '@baton/eventstore';
import { startGrpcServer, type RunningGrpcServer } from '@baton/grpc-server';
import { openRuntime, RuntimeModule } from '@baton/service-kit';
import { AnalyticsModule, analyticsHostedService } from '@baton/service-analytics';
import { NestFactory } from '@nestjs/core';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCaptured } from '../testing';

const at = (minute: number) => new Date(Date.UTC(2026, 10, 2, 9, minute));

/** An instance's first three events, as the execution service records them. */
async function recordInstance(file: string, instanceId: string): Promise<void> {
  const store = await openSqliteEventStore({ file });
  const step = { instanceId, activationId: 'review#1', stepId: 'review' };
  const events = [
    {
      type: 'InstanceStarted',
      data: {
        instanceId,
        definitionId: 'po',
        definitionVersion: 1,
        businessKey: `PO-${instanceId}`,
        data: {},
      },
    },
    {
      type: 'StepActivated',
      data: { ...step, stepKind: 'human-task', handedOffFrom: [], policy: 'round-robin', attempt: 1 },
    },
    { type: 'StepAssigned', data: { ...step, personId: 'bob', reason: 'round-robin' } },
  ];
  await store.append(
    `instance-${instanceId}`,
    events.map((e, i) => ({
      ...e,
      eventId: `${instanceId}-${i}`,
      occurredAt: at(i),
      metadata: { actor: 'alice' },
    })),
    noStream,
  );
  await store.close();
}

describe('baton analytics rebuild', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'baton-rebuild-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('replays the embedded store into the read models, with progress, and the service answers from them', async () => {
    await recordInstance(join(dataDir, 'baton.db'), 'i1');
    await recordInstance(join(dataDir, 'baton.db'), 'i2');
    const rebuilt = await runCaptured([
      '--json',
      'analytics',
      'rebuild',
      '--data-dir',
      dataDir,
      '--chunk',
      '4',
    ]);
    expect(rebuilt.code).toBe(0);
    expect(JSON.parse(rebuilt.out)).toEqual({
      rebuilt: [
        {
          projection: 'audit-trail',
          events: 6,
          seconds: expect.any(Number),
          eventsPerSecond: expect.any(Number),
          checkpoint: '6',
        },
      ],
    });
    expect(rebuilt.err).toContain(`rebuilding audit-trail from ${join(dataDir, 'baton.db')}`);
    expect(rebuilt.err).toMatch(/audit-trail: 6 events, [\d,]+ events\/s, done in/);
    expect(existsSync(join(dataDir, 'analytics.sqlite'))).toBe(true);

    // The analytics service on that data directory answers from the rebuilt read model.
    const runtime = await openRuntime({
      store: { kind: 'sqlite', file: join(dataDir, 'baton.db') },
      bus: { kind: 'in-process' },
    });
    const app = await NestFactory.createApplicationContext(
      { module: class Root {}, imports: [RuntimeModule.forRuntime(runtime), AnalyticsModule.forRoot()] },
      { logger: false },
    );
    await app.init();
    let server: RunningGrpcServer | undefined;
    try {
      server = await startGrpcServer({ address: '127.0.0.1:0', services: [analyticsHostedService(app)] });
      const trail = await runCaptured([
        '--address',
        `127.0.0.1:${server.port}`,
        '--json',
        'instance',
        'trail',
        'i2',
      ]);
      expect(trail.code).toBe(0);
      const parsed = JSON.parse(trail.out);
      expect(parsed.source).toBe('analytics');
      expect(parsed.entries.map((e: { event: string }) => e.event)).toEqual([
        'InstanceStarted',
        'StepActivated',
        'StepAssigned',
      ]);
    } finally {
      await server?.stop();
      await app.close();
      await runtime.close();
    }

    const again = await runCaptured(['analytics', 'rebuild', '--data-dir', dataDir]);
    expect(again.code).toBe(0);
    expect(again.out).toMatch(/^PROJECTION\s+EVENTS\s+SECONDS\s+EVENTS\/S\s+CHECKPOINT\naudit-trail\s+6\s/);
  });

  it('refuses a data directory without an event store, and an unknown projection', async () => {
    const missing = await runCaptured(['analytics', 'rebuild', '--data-dir', join(dataDir, 'nope')]);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain(`no event store at ${join(dataDir, 'nope', 'baton.db')}`);
    expect(existsSync(join(dataDir, 'nope'))).toBe(false);
    const unknown = await runCaptured(['analytics', 'rebuild', '--data-dir', dataDir, '--projection', 'x']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('--projection x: expected one of audit-trail');
  });
});
