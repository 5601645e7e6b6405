import { NestFactory } from '@nestjs/core';
import { startGrpcServer } from '@baton/grpc-server';
import { openRuntime, runtimeConfigFromEnv, RuntimeModule } from '@baton/service-kit';
import { executionHostedService } from './execution.hosted';
import { ExecutionModule } from './execution.module';

// The execution service alone: one process of the distributed mode.
async function main(): Promise<void> {
  const runtime = await openRuntime(runtimeConfigFromEnv('execution'));
  const app = await NestFactory.createApplicationContext(
    { module: class Root {}, imports: [RuntimeModule.forRuntime(runtime), ExecutionModule.forRoot()] },
    { logger: ['error', 'warn'] },
  );
  await app.init();
  const address = process.env['BATON_GRPC_ADDRESS'] || '127.0.0.1:50052';
  const server = await startGrpcServer({
    address,
    services: [executionHostedService(app)],
  });
  const { store, bus } = runtime.config;
  console.log(
    `baton execution on ${address.replace(/:\d+$/, '')}:${server.port} (store ${store.kind}, bus ${bus.kind}); ` +
      'consumes baton.definition.events.v1 and baton.triggers.v1, publishes baton.execution.events.v1',
  );
  const stop = async () => {
    await server.stop();
    await app.close();
    await runtime.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
