import {
  DEFAULT_TENANT,
  developmentCallGuard,
  inProcessInvoker,
  startGrpcServer,
  type CallContext,
  type CallGuard,
  type HostedService,
  type RunningGrpcServer,
} from '@baton/grpc-server';
import { InProcessMessageBus } from '@baton/messaging';
import { openRuntime, RuntimeModule, type Clock, type Runtime } from '@baton/service-kit';
import { AnalyticsModule, analyticsHostedService } from '@baton/service-analytics';
import {
  DefinitionModule,
  definitionHostedService,
  publishReferenceDefinitions,
} from '@baton/service-definition';
import { ExecutionModule, executionHostedService } from '@baton/service-execution';
import { OwnershipModule, ownershipHostedService, seedDirectory } from '@baton/service-ownership';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { join } from 'node:path';

/** Options of {@link startEmbeddedHost}. */
export interface EmbeddedHostOptions {
  /** `host:port`; port 0 picks a free one. */
  readonly address: string;
  /** Holds `baton.db`. */
  readonly dataDir: string;
  readonly clock?: Clock;
  /** Publish the reference definitions and a small directory at start (the main job does). */
  readonly seed?: boolean;
  /** Where the seeded definitions come from; default `examples`. */
  readonly examplesDir?: string;
  /** Where analytics' projections run (default on the host's thread; `npm start` uses a worker thread). */
  readonly analyticsProjectionsIn?: 'app-thread' | 'worker-thread';
  /** Who may call (default: the development identity; `npm start` takes it from the environment). */
  readonly guard?: CallGuard;
}

/** Ownership's commands to execution, vouched for by the host: Baton's own service, not a caller's token. */
const OWNERSHIP_SERVICE: Omit<CallContext, 'traceparent'> = {
  tenantId: DEFAULT_TENANT,
  actor: 'service:ownership',
  grants: { roles: ['service'], teams: [] },
};

/** A running embedded Baton. */
export interface EmbeddedHost {
  readonly port: number;
  readonly app: INestApplicationContext;
  readonly runtime: Runtime;
  readonly server: RunningGrpcServer;
  /** What the seeding published and registered (empty without `seed`). */
  readonly seeded: {
    readonly definitions: readonly string[];
    readonly people: number;
    readonly teams: number;
  };
  stop(): Promise<void>;
}

/**
 * All four services in one process on one port: one SQLite store and one in-process bus shared
 * by the four service modules, which still talk to each other only by gRPC (ownership calls
 * execution on this host's own address) and by events on the bus.
 */
export async function startEmbeddedHost(options: EmbeddedHostOptions): Promise<EmbeddedHost> {
  const runtime = await openRuntime(
    { store: { kind: 'sqlite', file: join(options.dataDir, 'baton.db') }, bus: { kind: 'in-process' } },
    options.clock ? { clock: options.clock } : {},
  );
  let execution: HostedService | undefined;
  const app = await NestFactory.createApplicationContext(
    {
      module: class EmbeddedRoot {},
      imports: [
        RuntimeModule.forRuntime(runtime),
        DefinitionModule.forRoot(),
        ExecutionModule.forRoot(),
        // Ownership's step commands reach execution's gRPC handlers in-process: same checks and
        // status errors, no loopback socket (see docs/adr/0004).
        OwnershipModule.forRoot({
          executionInProcess: inProcessInvoker(() => {
            if (!execution) throw new Error('the execution service is not hosted yet');
            return execution;
          }, OWNERSHIP_SERVICE),
        }),
        AnalyticsModule.forRoot({ projectionsIn: options.analyticsProjectionsIn ?? 'app-thread' }),
      ],
    },
    { logger: ['error', 'warn'] },
  );
  await app.init();
  // Every consumer subscribes while the modules bootstrap: from now on the bus may release what
  // all of them have consumed (until now a relay could publish ahead of a consumer group).
  if (runtime.bus instanceof InProcessMessageBus) runtime.bus.allGroupsSubscribed();
  const guard = options.guard ?? developmentCallGuard;
  const server = await startGrpcServer({
    address: options.address,
    services: [
      definitionHostedService(app, guard),
      (execution = executionHostedService(app, guard)),
      ownershipHostedService(app, guard),
      analyticsHostedService(app, guard),
    ],
  });
  const seeded = { definitions: [] as string[], people: 0, teams: 0 };
  if (options.seed) {
    const published = await publishReferenceDefinitions(app, options.examplesDir ?? 'examples');
    seeded.definitions = published.map((p) => `${p.definitionId} v${p.version}`);
    const directory = await seedDirectory(app);
    seeded.people = directory.people;
    seeded.teams = directory.teams;
  }
  return {
    port: server.port,
    app,
    runtime,
    server,
    seeded,
    async stop() {
      await server.stop();
      await app.close();
      await runtime.close();
    },
  };
}
