import { noStream, openSqliteEventStore } from '@baton/eventstore';
import { startGrpcServer, type RunningGrpcServer } from '@baton/grpc-server';
import { openRuntime, RuntimeModule, type Runtime } from '@baton/service-kit';
import { AnalyticsModule, analyticsHostedService } from '@baton/service-analytics';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCaptured } from '../testing';

const at = (minute: number) => new Date(Date.UTC(2026, 10, 2, 9, minute));
const V1 = `
id: po
name: Purchase order
category: operational
steps:
  - { id: review, name: Review the order, owner: { team: sales }, deadline: PT5M }
handoffs:
  - { id: h-start, from: start, to: review }
  - { id: h-end, from: review, to: end }
`;
const V2 = `
id: po
name: Purchase order
category: operational
steps:
  - { id: review, name: Review the order, owner: { team: sales } }
  - { id: approve, name: Approve, owner: { team: finance } }
handoffs:
  - { id: h-start, from: start, to: review }
  - { id: h-approve, from: review, to: approve }
  - { id: h-end, from: approve, to: end }
`;

type Line = readonly [minute: number, type: string, data: Record<string, unknown>];

/** The definition's versions, the directory (sales: bob; finance: fin) and two instances, one per version. */
async function record(file: string): Promise<void> {
  const store = await openSqliteEventStore({ file });
  const append = async (streamId: string, lines: readonly Line[]) =>
    store.append(
      streamId,
      lines.map(([minute, type, data], i) => ({
        eventId: `${streamId}-${i}`,
        type,
        data,
        occurredAt: at(minute),
      })),
      noStream,
    );
  const published = (version: number, text: string) => ({
    definitionId: 'po',
    version,
    contentSha256: '0'.repeat(64),
    source: { format: 'yaml', text },
    findings: [],
  });
  await append('definition-po', [
    [-600, 'DefinitionVersionPublished', published(1, V1)],
    [-500, 'DefinitionVersionPublished', published(2, V2)],
  ]);
  await append('directory', [
    [-900, 'PersonRegistered', { personId: 'bob', name: 'Bob' }],
    [-900, 'PersonRegistered', { personId: 'fin', name: 'Fina' }],
    [-900, 'TeamCreated', { teamId: 'sales', name: 'Sales' }],
    [-900, 'TeamCreated', { teamId: 'finance', name: 'Finance' }],
    [-900, 'MemberAdded', { teamId: 'sales', personId: 'bob' }],
    [-900, 'MemberAdded', { teamId: 'finance', personId: 'fin' }],
  ]);
  const step = (instanceId: string, stepId: string) => ({ instanceId, activationId: `${stepId}#1`, stepId });
  const activated = (instanceId: string, stepId: string, team: string, from: object, extra: object = {}) => ({
    ...step(instanceId, stepId),
    stepKind: 'human-task',
    handedOffFrom: [from],
    owner: { kind: 'team', teamId: team },
    policy: 'round-robin',
    attempt: 1,
    ...extra,
  });
  const start = (minute: number) => ({
    handoffId: 'h-start',
    fromStepId: 'start',
    completedAt: at(minute).getTime(),
  });
  const began = (instanceId: string, version: number) => ({
    instanceId,
    definitionId: 'po',
    definitionVersion: version,
    businessKey: `PO-${instanceId}`,
    data: {},
  });
  // i1 (v1): review due at 5, overdue, escalated, done by bob at 10.
  await append('instance-i1', [
    [0, 'InstanceStarted', began('i1', 1)],
    [0, 'StepActivated', activated('i1', 'review', 'sales', start(0), { dueAt: at(5).getTime() })],
    [2, 'StepAssigned', { ...step('i1', 'review'), personId: 'bob', reason: 'round-robin' }],
    [5, 'StepOverdue', { ...step('i1', 'review'), dueAt: at(5).getTime() }],
    [
      6,
      'StepEscalated',
      {
        ...step('i1', 'review'),
        level: 1,
        action: 'notify',
        to: { kind: 'role', role: 'lead' },
        reason: 'overdue',
      },
    ],
    [7, 'StepStarted', { ...step('i1', 'review'), personId: 'bob' }],
    [10, 'StepCompleted', { ...step('i1', 'review'), personId: 'bob', output: {} }],
    [10, 'InstanceCompleted', { instanceId: 'i1', data: {} }],
  ]);
  // i2 (v2): review by bob 0–4, approve by fin 4–8.
  const fromReview = {
    handoffId: 'h-approve',
    fromStepId: 'review',
    fromActivationId: 'review#1',
    completedAt: at(4).getTime(),
  };
  await append('instance-i2', [
    [0, 'InstanceStarted', began('i2', 2)],
    [0, 'StepActivated', activated('i2', 'review', 'sales', start(0))],
    [1, 'StepAssigned', { ...step('i2', 'review'), personId: 'bob', reason: 'round-robin' }],
    [2, 'StepStarted', { ...step('i2', 'review'), personId: 'bob' }],
    [4, 'StepCompleted', { ...step('i2', 'review'), personId: 'bob', output: {} }],
    [4, 'StepActivated', activated('i2', 'approve', 'finance', fromReview)],
    [5, 'StepAssigned', { ...step('i2', 'approve'), personId: 'fin', reason: 'round-robin' }],
    [6, 'StepStarted', { ...step('i2', 'approve'), personId: 'fin' }],
    [8, 'StepCompleted', { ...step('i2', 'approve'), personId: 'fin', output: {} }],
    [8, 'InstanceCompleted', { instanceId: 'i2', data: {} }],
  ]);
  await store.close();
}

describe('baton analytics sla-breaches|network|compare|single-person|queues', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'baton-flows-'));
  let runtime: Runtime;
  let app: INestApplicationContext;
  let server: RunningGrpcServer;
  const baton = (...argv: string[]) => runCaptured(['--address', `127.0.0.1:${server.port}`, ...argv]);

  beforeAll(async () => {
    await record(join(dataDir, 'baton.db'));
    expect((await runCaptured(['analytics', 'rebuild', '--data-dir', dataDir])).code).toBe(0);
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
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('lists SLA breaches with the owner and, with --trail, the escalation trail', async () => {
    const shown = await baton('analytics', 'sla-breaches', '--trail');
    expect(shown.code).toBe(0);
    expect(shown.out).toMatch(
      /^DUE\s+INSTANCE\s+STEP OR HANDOFF\s+TEAM\s+HAD IT WHEN DUE\s+HAS IT\s+OVERRUN\s+LEVEL\s+STATUS\n/,
    );
    expect(shown.out).toMatch(
      /\n2026-11-02T09:05:00Z\s+PO-i1\s+Review the order\s+sales\s+bob\s+bob\s+5\.0 min\s+1\s+completed\n/,
    );
    expect(shown.out).toContain('1 of 1 breaches');
    expect(shown.out).toContain('2026-11-02T09:06:00Z  escalated level 1 notify to role:lead (overdue)');
    const json = await baton('--json', 'analytics', 'sla-breaches', '--definition', 'po', '--open');
    expect(JSON.parse(json.out)).toEqual({}); // proto3 JSON leaves out empty lists and zeros
  });

  it('shows the handover network of people and of steps', async () => {
    const people = await baton('analytics', 'network', '--level', 'person');
    // bob finished review at 09:04, fin started approve at 09:06.
    expect(people.out).toMatch(
      /^FROM\s+TO\s+HANDOFFS\s+P50\s+P90\s+TIME LOST\nBob\s+Fina\s+1\s+2\.0 min\s+2\.0 min\s+2\.0 min\n/,
    );
    expect(people.out).toMatch(/\nbob\s+Bob\s+2\s+1\s+0\n/);
    const steps = await baton('--json', 'analytics', 'network', '--level', 'step', '--definition', 'po');
    expect(
      JSON.parse(steps.out).edges.map((e: { fromId: string; toId: string }) => `${e.fromId}→${e.toId}`),
    ).toEqual(['start→review', 'review→approve']);
    const missing = await baton('analytics', 'network', '--level', 'step');
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('filter.definition_id');
  });

  it('compares two versions step by step and handoff by handoff', async () => {
    const compared = await baton(
      'analytics',
      'compare',
      '--definition',
      'po',
      '--base',
      '1',
      '--candidate',
      '2',
    );
    expect(compared.code).toBe(0);
    expect(compared.out).toMatch(/^compared:\s+v1 \(base\) with v2 \(new\)\ncases:\s+1 → 1\n/);
    // review: 10 minutes → 4 minutes.
    expect(compared.out).toMatch(
      /\nReview the order\s+both\s+1\s+10\.0 min\s+1\s+4\.0 min\s+-6\.0 min \(-60\.0%\)/,
    );
    expect(compared.out).toMatch(/\nApprove\s+candidate-only\s+1\s+4\.0 min\s/);
    expect(compared.out).toMatch(/\nreview → approve\s+candidate-only\s/);
    const missing = await baton('analytics', 'compare', '--definition', 'po', '--base', '1');
    expect(missing.code).toBe(2);
    // In business time (no calendars: the fallback week; these minutes are on a working morning).
    const business = await baton(
      'analytics',
      'compare',
      '--definition',
      'po',
      '--base',
      '1',
      '--candidate',
      '2',
      '--clock',
      'business',
    );
    expect(business.out).toMatch(
      /^Durations in business time \(working hours of each calendar\)\.\ncompared:/,
    );
    expect(business.out).toMatch(/\nReview the order\s+both\s+1\s+10\.0 min\s+1\s+4\.0 min\s/);
  });

  it('finds single-person dependencies and team queues', async () => {
    const found = await baton('analytics', 'single-person');
    expect(found.out).toMatch(
      /\nstep\s+po Review the order\s+sales\s+Bob \(bob\)\s+only-eligible-person\s+2 of 2\s+100\.0%\s+1\n/,
    );
    expect(found.out).toMatch(
      /\nteam\s+finance\s+Fina \(fin\)\s+only-eligible-person\s+1 of 1\s+100\.0%\s+1\n/,
    );
    const badShare = await baton('analytics', 'single-person', '--min-share', '2');
    expect(badShare.code).toBe(2);
    const queues = await baton('--json', 'analytics', 'queues', '--team', 'sales');
    expect(JSON.parse(queues.out).teams).toEqual([
      expect.objectContaining({
        teamId: 'sales',
        teamName: 'Sales',
        members: 1,
        overall: expect.objectContaining({ arrivals: '2', completedCount: '2' }),
      }),
    ]);
    const table = await baton('analytics', 'queues');
    expect(table.out).toMatch(
      /^TEAM\s+MEMBERS\s+ARRIVED\s+COMPLETED\s+FAILED\s+CANCELLED\s+IN PROGRESS\s+PER DAY\s+BUSY\s+UTILISATION\nfinance\s+1\s+1\s+1\s+0\s+0\s+0\s+1\.00\s+2\.0 min\s+0\.1%\n/,
    );
  });

  it('explains each command with --help', async () => {
    for (const [command, text] of [
      ['sla-breaches', 'newest deadline first'],
      ['network', 'Who hands work to whom'],
      ['compare', 'before and after a redesign'],
      ['single-person', 'hang on one person'],
      ['queues', 'utilisation'],
    ]) {
      const help = await runCaptured(['analytics', command as string, '--help']);
      expect([command, help.code, help.out.includes(text as string)]).toEqual([command, 0, true]);
    }
  });
});
