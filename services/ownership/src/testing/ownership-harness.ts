import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ownershipV1 } from '@baton/contracts';
import { CallMetadata, startGrpcServer, type RunningGrpcServer } from '@baton/grpc-server';
import { InProcessMessageBus, type MessageBus } from '@baton/messaging';
import { ManualClock, openRuntime, RuntimeModule, type Runtime } from '@baton/service-kit';
import { credentials, Metadata, type ServiceError } from '@grpc/grpc-js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OwnershipModule } from '../ownership.module';
import type { OwnershipModuleOptions } from '../ownership.options';
import { ownershipHostedService } from '../ownership.hosted';
import { WorkProjection } from '../work/work-projection';
import type { WorkTracker } from '../work/work-tracker';

export const T0 = Date.UTC(2026, 0, 5, 9);

/** The ownership app on an SQLite runtime in a temp dir, served over real gRPC on 127.0.0.1:0. */
export class OwnershipHarness {
  private constructor(
    readonly dir: string,
    readonly runtime: Runtime,
    readonly app: INestApplicationContext,
    readonly server: RunningGrpcServer,
    readonly client: ownershipV1.OwnershipServiceClient,
    readonly clock: ManualClock,
    private readonly ownsBus: boolean,
  ) {}

  static async start(
    options: OwnershipModuleOptions & { dir?: string; bus?: MessageBus; clock?: ManualClock } = {},
  ): Promise<OwnershipHarness> {
    const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'baton-ownership-'));
    const clock = options.clock ?? new ManualClock(T0);
    const runtime = await openRuntime(
      { store: { kind: 'sqlite', file: join(dir, 'ownership.db') }, bus: { kind: 'in-process' } },
      { clock, bus: options.bus ?? new InProcessMessageBus({ redeliveryDelayMs: 10 }) },
    );
    const app = await NestFactory.createApplicationContext(
      {
        module: class TestRoot {},
        imports: [RuntimeModule.forRuntime(runtime), OwnershipModule.forRoot(options)],
      },
      { logger: false },
    );
    await app.init();
    const server = await startGrpcServer({ address: '127.0.0.1:0', services: [ownershipHostedService(app)] });
    const client = new ownershipV1.OwnershipServiceClient(
      `127.0.0.1:${server.port}`,
      credentials.createInsecure(),
    );
    return new OwnershipHarness(dir, runtime, app, server, client, clock, options.bus === undefined);
  }

  get tracker(): WorkTracker {
    return this.app.get(WorkProjection).tracker;
  }

  /** Calls one RPC; resolves with the response or rejects with the ServiceError. */
  call<Req, Res>(method: keyof ownershipV1.OwnershipServiceClient, request: Req): Promise<Res> {
    const metadata = new Metadata();
    metadata.set(CallMetadata.actor, 'test');
    return new Promise((resolve, reject) => {
      const fn = (
        this.client[method] as unknown as (
          r: Req,
          m: Metadata,
          cb: (e: ServiceError | null, v: Res) => void,
        ) => void
      ).bind(this.client);
      fn(request, metadata, (error, value) => (error ? reject(error) : resolve(value)));
    });
  }

  /** Stops everything; keeps the data dir unless `remove`. */
  async stop(remove = true): Promise<void> {
    this.client.close();
    await this.server.stop();
    await this.app.close();
    // A bus passed in outlives the app (like Kafka across a restart); only the store closes.
    if (this.ownsBus) await this.runtime.close();
    else await this.runtime.store.close();
    if (remove) rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Resolves when `check` passes (polls), or rejects with its last failure after `ms`. */
export async function eventually(check: () => void | Promise<void>, ms = 5_000): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > until) throw error;
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}
