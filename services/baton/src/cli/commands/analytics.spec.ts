import { noStream, openSqliteEventStore } from '@baton/eventstore';
import { startGrpcServer, type RunningGrpcServer } from '@baton/grpc-server';
import { openRuntime, RuntimeModule, type Runtime } from '@baton/service-kit';
import { AnalyticsModule, analyticsHostedService } from '@baton/service-analytics';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCaptured } from '../testing';

const at = (minute: number) => new Date(Date.UTC(2026, 10, 2, 9, minute));

/**
 * One instance as the execution service records it: review handed off from the start at 9:00
 * (a handoff with an SLA of 4 minutes), assigned after `wait` minutes, started a minute later
 * and worked on for `work` minutes.
 */
async function recordInstance(file: string, instanceId: string, wait: number, work: number): Promise<void> {
  const store = await openSqliteEventStore({ file });
  const step = { instanceId, activationId: 'review#1', stepId: 'review' };
  const start = {
    handoffId: 'h-start',
    fromStepId: 'start',
    completedAt: at(0).getTime(),
    slaWithinMs: 4 * 60_000,
  };
  const owner = { kind: 'team', teamId: 'sales' };
  const events = [
    [
      0,
      'InstanceStarted',
      { instanceId, definitionId: 'po', definitionVersion: 1, businessKey: instanceId, data: {} },
    ],
    [
      0,
      'StepActivated',
      { ...step, stepKind: 'human-task', handedOffFrom: [start], owner, policy: 'round-robin', attempt: 1 },
    ],
    [wait, 'StepAssigned', { ...step, personId: 'bob', reason: 'round-robin' }],
    [wait + 1, 'StepStarted', { ...step, personId: 'bob' }],
    [wait + 1 + work, 'StepCompleted', { ...step, personId: 'bob', output: {} }],
    [wait + 1 + work, 'InstanceCompleted', { instanceId, data: {} }],
  ] as const;
  await store.append(
    `instance-${instanceId}`,
    events.map(([minute, type, data], i) => ({
      eventId: `${instanceId}-${i}`,
      type,
      data,
      occurredAt: at(minute),
      metadata: { actor: 'alice' },
    })),
    noStream,
  );
  await store.close();
}

describe('baton analytics', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'baton-rebuild-'));
  beforeAll(async () => {
    await recordInstance(join(dataDir, 'baton.db'), 'i1', 2, 10);
    await recordInstance(join(dataDir, 'baton.db'), 'i2', 4, 20);
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  describe('rebuild', () => {
    it('replays the embedded store into every read model, with progress, ending at the head', async () => {
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
      const result = {
        events: 12,
        seconds: expect.any(Number),
        eventsPerSecond: expect.any(Number),
        checkpoint: '12',
      };
      // The catalogs read the same (embedded) store: no calendar, definition or directory events here.
      const none = { ...result, events: 0 };
      expect(JSON.parse(rebuilt.out)).toEqual({
        rebuilt: [
          { projection: 'calendars', ...none },
          { projection: 'audit-trail', ...result },
          { projection: 'statistics', ...result },
          { projection: 'definitions', ...none },
          { projection: 'directory', ...none },
        ],
      });
      expect(rebuilt.err).toContain(
        `rebuilding calendars, audit-trail, statistics, definitions, directory from ${join(dataDir, 'baton.db')}`,
      );
      expect(rebuilt.err).toMatch(/statistics: 12 events, [\d,]+ events\/s, done in/);
      expect(existsSync(join(dataDir, 'analytics.sqlite'))).toBe(true);

      const again = await runCaptured([
        'analytics',
        'rebuild',
        '--data-dir',
        dataDir,
        '--projection',
        'audit-trail',
      ]);
      expect(again.code).toBe(0);
      expect(again.out).toMatch(
        /^PROJECTION\s+EVENTS\s+SECONDS\s+EVENTS\/S\s+CHECKPOINT\naudit-trail\s+12\s[^\n]*\n$/,
      );
    });

    it('refuses a data directory without an event store, and an unknown projection', async () => {
      const missing = await runCaptured(['analytics', 'rebuild', '--data-dir', join(dataDir, 'nope')]);
      expect(missing.code).toBe(2);
      expect(missing.err).toContain(`no event store at ${join(dataDir, 'nope', 'baton.db')}`);
      expect(existsSync(join(dataDir, 'nope'))).toBe(false);
      const unknown = await runCaptured(['analytics', 'rebuild', '--data-dir', dataDir, '--projection', 'x']);
      expect(unknown.code).toBe(2);
      expect(unknown.err).toContain(
        '--projection x: expected one of calendars, audit-trail, statistics, definitions, directory',
      );
    });
  });

  describe('queries, against the analytics service on the rebuilt data directory', () => {
    let runtime: Runtime;
    let app: INestApplicationContext;
    let server: RunningGrpcServer;
    const baton = (...argv: string[]) => runCaptured(['--address', `127.0.0.1:${server.port}`, ...argv]);

    beforeAll(async () => {
      await runCaptured(['analytics', 'rebuild', '--data-dir', dataDir]);
      runtime = await openRuntime({
        store: { kind: 'sqlite', file: join(dataDir, 'baton.db') },
        bus: { kind: 'in-process' },
      });
      app = await NestFactory.createApplicationContext(
        { module: class Root {}, imports: [RuntimeModule.forRuntime(runtime), AnalyticsModule.forRoot()] },
        { logger: false },
      );
      await app.init();
      server = await startGrpcServer({ address: '127.0.0.1:0', services: [analyticsHostedService(app)] });
    });
    afterAll(async () => {
      await server.stop();
      await app.close();
      await runtime.close();
    });

    it('shows the audit trail of an instance', async () => {
      const trail = await baton('--json', 'instance', 'trail', 'i2');
      expect(trail.code).toBe(0);
      expect(JSON.parse(trail.out)).toMatchObject({ source: 'analytics', entries: expect.any(Array) });
      expect(JSON.parse(trail.out).entries).toHaveLength(6);
    });

    it('prints handoff, step, bottleneck and cycle-time statistics as tables or JSON', async () => {
      // start→review: 3 and 5 minutes (SLA 4: one missed by 1); review works 10 and 20; cases take 13 and 25.
      const handoffs = await baton('--json', 'analytics', 'handoffs', '--definition', 'po');
      expect(handoffs.code).toBe(0);
      expect(JSON.parse(handoffs.out).handoffs).toEqual([
        expect.objectContaining({
          fromStepId: 'start',
          toStepId: 'review',
          toTeamId: 'sales',
          total: expect.objectContaining({
            count: '2',
            totalTimeLost: { seconds: '480' },
            max: { seconds: '300' },
            slaBreachCount: '1',
            slaBreachRate: 0.5,
            slaSampleCount: '2',
            totalOverrun: { seconds: '60' },
          }),
        }),
      ]);
      const table = await baton('analytics', 'handoffs', '--group-by', 'team-pair');
      expect(table.out).toMatch(
        /^FROM TEAM\s+TO TEAM\s+COUNT\s+ROUTING P50\s+ASSIGN P50\s+PICKUP P50\s+P50\s+P90/,
      );
      expect(table.out).toMatch(/\n\(unknown\)\s+sales\s+2\s+0 ms\s+/);
      // Off-hours: the share of the handoff time outside working hours (Monday morning: none).
      expect(table.out).toMatch(
        /\s+SLA MISSED\s+TIME LOST\s+OFF-HOURS\n.*\s1\/2 \(50\.0%\)\s+8\.0 min\s+0\.0%\n$/,
      );
      // In business time (no calendar defined: the fallback week, Monday 09:00 is inside it).
      const business = await baton(
        '--json',
        'analytics',
        'handoffs',
        '--definition',
        'po',
        '--clock',
        'business',
      );
      expect(JSON.parse(business.out)).toEqual(
        expect.objectContaining({
          clock: 'CLOCK_BUSINESS',
          handoffs: [
            expect.objectContaining({
              total: expect.objectContaining({ totalTimeLost: { seconds: '480' } }),
            }),
          ],
        }),
      );
      const businessTable = await baton('analytics', 'steps', '--clock', 'business');
      expect(businessTable.out).toMatch(
        /^Durations in business time \(working hours of each calendar\)\.\nDEFINITION/,
      );
      const badClock = await baton('analytics', 'handoffs', '--clock', 'working');
      expect([badClock.code, badClock.err]).toEqual([2, expect.stringContaining("'working' is invalid")]);

      const steps = await baton('analytics', 'steps', '--team', 'sales');
      expect(steps.out).toMatch(/\npo v1\s+review\s+sales\s+2\s+0\s+/);
      const bottlenecks = await baton('analytics', 'bottlenecks', '--limit', '2');
      expect(bottlenecks.out).toMatch(
        /\n1\s+step-work\s+po v1\s+review\s+sales\s+2\s+.*30\.0 min\s+78\.9%\n/,
      );
      expect(bottlenecks.out).toMatch(
        /\n2\s+handoff\s+po v1\s+start → review\s.*1\/2 \(50\.0%\)\s+8\.0 min\s+21\.1%\n$/,
      );

      const cycles = await baton(
        'analytics',
        'cycle-times',
        '--from',
        '2026-11-02',
        '--to',
        '2026-11-04',
        '--bucket',
        '1',
      );
      expect(cycles.code).toBe(0);
      expect(cycles.out).toMatch(/^started:\s+2\ncompleted:\s+2\n/);
      expect(cycles.out).toMatch(/\n2026-11-02T00:00:00Z\s+2\s+2\s+0\s+/);
      expect(cycles.out).toMatch(/\n2026-11-03T00:00:00Z\s+0\s+0\s+0\s+0 ms/);
    });

    it('says which filter is wrong', async () => {
      const badVersion = await baton('analytics', 'steps', '--version', '2');
      expect(badVersion.code).toBe(1);
      expect(badVersion.err).toContain('filter.definition_version');
      const badTime = await baton('analytics', 'cycle-times', '--from', 'yesterday');
      expect(badTime.code).toBe(2);
      expect(badTime.err).toContain('--from must be an ISO 8601 time');
    });
  });
});
