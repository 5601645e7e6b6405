import {
  startGrpcServer,
  type CallGuard,
  type HostedService,
  type RunningGrpcServer,
} from '@baton/grpc-server';
import { openRuntime, RuntimeModule, type Clock, type Runtime } from '@baton/service-kit';
import { AnalyticsModule, analyticsHostedService } from '@baton/service-analytics';
import {
  DefinitionModule,
  definitionHostedService,
  publishReferenceDefinitions,
} from '@baton/service-definition';
import { ExecutionModule, executionHostedService } from '@baton/service-execution';
import { OwnershipModule, ownershipHostedService, seedDirectory } from '@baton/service-ownership';
import type { DynamicModule, INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { BatonAddresses } from './baton-clients';

/** One service as its own Nest app with its own store schema, bus client and gRPC server. */
export interface ServiceNode {
  readonly app: INestApplicationContext;
  readonly runtime: Runtime;
  readonly server: RunningGrpcServer;
  readonly address: string;
}

/** Options of {@link startDistributedCluster}. */
export interface ClusterOptions {
  readonly databaseUrl: string;
  readonly kafkaBrokers: readonly string[];
  /** Prefix of the PostgreSQL schemas and consumer groups, unique per run. */
  readonly prefix: string;
  readonly clock: Clock;
  readonly examplesDir?: string;
  /** Admits each service's callers; default the development identity. */
  readonly guard?: CallGuard;
}

/** The four services, each a separate Nest app that talks to the others only over gRPC and Kafka. */
export interface DistributedCluster {
  readonly definition: ServiceNode;
  readonly execution: ServiceNode;
  readonly ownership: ServiceNode;
  readonly analytics: ServiceNode;
  readonly addresses: BatonAddresses;
  /** Before the cluster's topic names on the broker: a producer of triggers for it needs it too. */
  readonly topicPrefix: string;
  stop(): Promise<void>;
}

/** The service that serves an RPC, from its full name (`baton.execution.v1.ExecutionService/…`). */
export function nodeServing(rpc: string): keyof BatonAddresses {
  const service = rpc.slice(rpc.lastIndexOf('.', rpc.indexOf('/')) + 1, rpc.indexOf('/'));
  const node = (
    {
      DefinitionService: 'definition',
      ExecutionService: 'execution',
      OwnershipService: 'ownership',
      AnalyticsService: 'analytics',
    } as const
  )[service];
  if (!node) throw new Error(`no Baton service serves ${rpc}`);
  return node;
}

// Test runs share one broker: each cluster has topics (and groups) of its own, so it never reads
// another run's triggers or events (those once made least-loaded assignment pick other people).
const topicPrefixOf = (options: ClusterOptions) => `${options.prefix}.`;

async function startNode(
  service: string,
  options: ClusterOptions,
  module: DynamicModule,
  hosted: (app: INestApplicationContext, guard?: CallGuard) => HostedService,
): Promise<ServiceNode> {
  const runtime = await openRuntime(
    {
      store: { kind: 'postgres', url: options.databaseUrl, schema: `${options.prefix}_${service}` },
      bus: {
        kind: 'kafka',
        brokers: options.kafkaBrokers,
        clientId: `${options.prefix}-${service}`,
        topicPrefix: topicPrefixOf(options),
      },
      service,
    },
    { clock: options.clock },
  );
  const app = await NestFactory.createApplicationContext(
    { module: class ServiceRoot {}, imports: [RuntimeModule.forRuntime(runtime), module] },
    { logger: ['error'] },
  );
  await app.init();
  const server = await startGrpcServer({ address: '127.0.0.1:0', services: [hosted(app, options.guard)] });
  return { app, runtime, server, address: `127.0.0.1:${server.port}` };
}

/** Starts execution first (ownership needs its address), then the others; seeds definitions and people. */
export async function startDistributedCluster(options: ClusterOptions): Promise<DistributedCluster> {
  const group = (name: string) => `${options.prefix}-${name}`;
  const execution = await startNode(
    'execution',
    options,
    ExecutionModule.forRoot({
      timerIntervalMs: 0,
      groups: { definitions: group('execution-definitions'), triggers: group('execution-triggers') },
    }),
    executionHostedService,
  );
  const [definition, ownership, analytics] = await Promise.all([
    startNode('definition', options, DefinitionModule.forRoot(), definitionHostedService),
    startNode(
      'ownership',
      options,
      OwnershipModule.forRoot({
        executionAddress: () => execution.address,
        schedulerIntervalMs: 0,
        assignmentGroupId: group('ownership-assignment'),
      }),
      ownershipHostedService,
    ),
    startNode(
      'analytics',
      options,
      AnalyticsModule.forRoot({ groupPrefix: group('analytics') }),
      analyticsHostedService,
    ),
  ]);
  await publishReferenceDefinitions(definition.app, options.examplesDir ?? 'examples');
  await seedDirectory(ownership.app);
  const nodes = { definition, execution, ownership, analytics };
  return {
    ...nodes,
    topicPrefix: topicPrefixOf(options),
    addresses: {
      definition: definition.address,
      execution: execution.address,
      ownership: ownership.address,
      analytics: analytics.address,
    },
    async stop() {
      await Promise.allSettled(
        Object.values(nodes).map(async (n) => {
          await n.server.stop();
          await n.app.close();
          await n.runtime.close();
        }),
      );
    },
  };
}
