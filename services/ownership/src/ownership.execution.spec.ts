import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { executionV1 } from '@baton/contracts';
import { protobufEventMapper, topicForStream } from '@baton/event-wire';
import type { RecordedEvent } from '@baton/eventstore';
import { startGrpcServer, type RunningGrpcServer } from '@baton/grpc-server';
import { InProcessMessageBus, type MessageBus } from '@baton/messaging';
import { ExecutionModule, executionHostedService } from '@baton/service-execution';
import { ManualClock, openRuntime, RuntimeModule, type Clock, type Runtime } from '@baton/service-kit';
import { credentials, Metadata, type ServiceError } from '@grpc/grpc-js';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeadlineScheduler } from './deadlines/deadline-scheduler';
import { seedDirectory } from './seed/seed-directory';
import { eventually, OwnershipHarness, T0 } from './testing/ownership-harness';

/**
 * The real execution service (its Nest module and gRPC server) on its own SQLite store, sharing
 * the bus and clock with ownership as the embedded host does.
 */
class RealExecution {
  private constructor(
    readonly runtime: Runtime,
    readonly app: INestApplicationContext,
    readonly server: RunningGrpcServer,
    readonly client: executionV1.ExecutionServiceClient,
  ) {}

  static async start(dir: string, bus: MessageBus, clock: Clock): Promise<RealExecution> {
    const runtime = await openRuntime(
      { store: { kind: 'sqlite', file: join(dir, 'execution.db') }, bus: { kind: 'in-process' } },
      { clock, bus },
    );
    const app = await NestFactory.createApplicationContext(
      {
        module: class ExecutionRoot {},
        imports: [RuntimeModule.forRuntime(runtime), ExecutionModule.forRoot({ timerIntervalMs: 0 })],
      },
      { logger: false },
    );
    await app.init();
    const server = await startGrpcServer({ address: '127.0.0.1:0', services: [executionHostedService(app)] });
    const client = new executionV1.ExecutionServiceClient(
      `127.0.0.1:${server.port}`,
      credentials.createInsecure(),
    );
    return new RealExecution(runtime, app, server, client);
  }

  get address(): string {
    return `127.0.0.1:${this.server.port}`;
  }

  call<Res>(method: keyof executionV1.ExecutionServiceClient, request: unknown): Promise<Res> {
    const fn = (
      this.client[method] as unknown as (
        r: unknown,
        m: Metadata,
        cb: (e: ServiceError | null, v: Res) => void,
      ) => void
    ).bind(this.client);
    return new Promise((resolve, reject) =>
      fn(request, new Metadata(), (e, v) => (e ? reject(e) : resolve(v))),
    );
  }

  /** Publishes a reference definition as the definition service would (its event, relayed). */
  async publishDefinition(file: string, definitionId: string, clock: Clock): Promise<void> {
    const text = readFileSync(join(__dirname, '../../../examples', file), 'utf8');
    const event: RecordedEvent = {
      eventId: '00000000-0000-7000-8000-000000000001',
      type: 'DefinitionVersionPublished',
      streamId: `definition-${definitionId}`,
      streamVersion: 1,
      globalPosition: 1n,
      occurredAt: new Date(clock.now()),
      recordedAt: new Date(clock.now()),
      data: {
        definitionId,
        version: 1,
        contentSha256: '0'.repeat(64),
        source: { format: 'yaml', text },
        findings: [],
      },
      metadata: { tenantId: 'default', actor: 'author' },
      schemaVersion: 1,
    };
    const message = protobufEventMapper((e) => topicForStream(e.streamId))(event);
    if (!message) throw new Error('no topic for the definition stream');
    await this.runtime.bus.publish(message.topic, [message]);
  }

  /** Event types of an instance stream, in order (its audit trail). */
  async eventTypes(instanceId: string): Promise<string[]> {
    return (await this.runtime.store.readStream(`instance-${instanceId}`)).map((e) => e.type);
  }

  async stop(): Promise<void> {
    this.client.close();
    await this.server.stop();
    await this.app.close();
    await this.runtime.store.close();
  }
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
jest.setTimeout(20_000);

// Ownership and the real execution service as two Nest apps on one in-process bus (the embedded
// host's wiring), talking only over gRPC and events. budget-approval's prepare-request is owned
// by the requester (a data field), due in three days, and reminds the requester a day later.
describe('Ownership with the execution service', () => {
  let dir: string;
  let bus: InProcessMessageBus;
  let clock: ManualClock;
  let execution: RealExecution;
  let h: OwnershipHarness;
  let instanceId: string;

  const start = () =>
    OwnershipHarness.start({
      dir,
      bus,
      clock,
      executionAddress: () => execution.address,
      schedulerIntervalMs: 0,
    });
  const tick = () => h.app.get(DeadlineScheduler).tick();
  const prepare = async (): Promise<executionV1.StepActivation | undefined> => {
    const { instance } = await execution.call<executionV1.GetInstanceResponse>('getInstance', { instanceId });
    return instance?.activations.find((a) => a.stepId === 'prepare-request');
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'baton-ownership-execution-'));
    bus = new InProcessMessageBus({ redeliveryDelayMs: 10 });
    clock = new ManualClock(T0);
    execution = await RealExecution.start(dir, bus, clock);
    h = await start();
    await seedDirectory(h.app);
    await execution.publishDefinition('budget-approval.yaml', 'budget-approval', clock);
    await eventually(() => expect(h.tracker.hasDefinition('default', 'budget-approval')).toBe(true));
    await eventually(async () => {
      const response = await execution.call<executionV1.StartInstanceResponse>(
        'startInstance',
        executionV1.StartInstanceRequest.fromPartial({
          definitionId: 'budget-approval',
          businessKey: 'BR-1',
          idempotencyKey: 'start-br-1',
          data: {
            requestId: 'BR-1',
            requesterId: 'ben.okafor',
            department: 'engineering',
            departmentHeadId: 'elena.rossi',
            amount: 12000,
            currency: 'EUR',
            fiscalYear: 2026,
            justification: 'GPU budget',
          },
        }),
      );
      instanceId = response.instance?.instanceId ?? '';
      expect(instanceId).not.toBe('');
    });
  });

  afterAll(async () => {
    await h.stop(false);
    await execution.stop();
    await bus.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('assigns the activated step to the person its owner names', async () => {
    await eventually(async () => expect((await prepare())?.assigneePersonId).toBe('ben.okafor'));
    expect(await execution.eventTypes(instanceId)).toEqual([
      'InstanceStarted',
      'StepActivated',
      'StepAssigned',
    ]);
  });

  it('marks it overdue at its deadline and escalates a day later, once each', async () => {
    clock.set(T0 + 3 * DAY - 1);
    await tick();
    expect((await prepare())?.overdue).toBe(false);
    clock.set(T0 + 3 * DAY);
    await tick();
    expect(await prepare()).toMatchObject({ overdue: true, escalationLevel: 0 });
    clock.advance(DAY);
    await tick();
    await tick();
    expect(await prepare()).toMatchObject({ overdue: true, escalationLevel: 1 });
    expect(await execution.eventTypes(instanceId)).toEqual([
      'InstanceStarted',
      'StepActivated',
      'StepAssigned',
      'StepOverdue',
      'StepEscalated',
    ]);
  });

  it('fires nothing again after ownership restarts', async () => {
    const before = await execution.eventTypes(instanceId);
    await h.stop(false);
    h = await start();
    await tick(); // possibly before its index caught up: same keys, execution records nothing
    await eventually(() =>
      expect(
        h.tracker.activation(instanceId, (h.tracker.open()[0]?.activationId as string) ?? '')
          ?.escalationLevel,
      ).toBe(1),
    );
    clock.advance(DAY);
    await tick();
    expect(await execution.eventTypes(instanceId)).toEqual(before);
  });
});
