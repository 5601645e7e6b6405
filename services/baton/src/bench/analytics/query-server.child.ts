import { startGrpcServer } from '@baton/grpc-server';
import { InProcessMessageBus } from '@baton/messaging';
import { AnalyticsModule, analyticsHostedService, type ReadModelConfig } from '@baton/service-analytics';
import { openRuntime, RuntimeModule } from '@baton/service-kit';
import { NestFactory } from '@nestjs/core';

// The analytics service as the embedded host runs it (its Nest module over the runtime's store
// and in-process bus, served by the same gRPC server), alone in a process: the queries' latency is
// the server's, not the bench client's. Argument: JSON {eventsFile, readModels}. Sends {port} over
// IPC when it listens; stops on a `stop` message.

async function main(): Promise<void> {
  const job = JSON.parse(process.argv[2] as string) as { eventsFile: string; readModels: ReadModelConfig };
  const runtime = await openRuntime({
    store: { kind: 'sqlite', file: job.eventsFile },
    bus: { kind: 'in-process' },
  });
  const app = await NestFactory.createApplicationContext(
    {
      module: class AnalyticsBenchRoot {},
      imports: [RuntimeModule.forRuntime(runtime), AnalyticsModule.forRoot({ readModels: job.readModels })],
    },
    { logger: ['error', 'warn'] },
  );
  await app.init();
  if (runtime.bus instanceof InProcessMessageBus) runtime.bus.allGroupsSubscribed();
  const server = await startGrpcServer({ address: '127.0.0.1:0', services: [analyticsHostedService(app)] });
  process.send?.({ port: server.port });
  process.on('message', (message: { stop?: boolean }) => {
    if (!message.stop) return;
    void (async () => {
      await server.stop();
      await app.close();
      await runtime.close();
      process.exit(0);
    })();
  });
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
