import { processAuthFromEnv, startGrpcServer, type CallGuard, type HostedService } from '@baton/grpc-server';
import type { DynamicModule, INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { createLogger, nestLoggerOn, startTelemetry } from '@baton/telemetry';
import { openRuntime, runtimeConfigFromEnv, type Runtime } from './runtime';
import { RuntimeModule } from './runtime.module';

/** Options of {@link runServiceProcess}. */
export interface ServiceProcessOptions {
  /** `definition`, `execution`, …: names the runtime (store file, schema, Kafka client id). */
  readonly service: string;
  readonly defaultAddress: string;
  readonly module: (runtime: Runtime) => DynamicModule;
  /** The service's gRPC handlers, admitting callers by `guard` (the process's authentication). */
  readonly hosted: (app: INestApplicationContext, guard: CallGuard) => HostedService;
  /** Seeds demo data when `BATON_SEED=true` (idempotent); returns a line for the banner. */
  readonly seed?: (app: INestApplicationContext) => Promise<string>;
}

/**
 * One service as one process (distributed mode): runtime from the environment, the service's
 * Nest module, its gRPC server with health and reflection, a banner, and a graceful stop on
 * SIGINT/SIGTERM (gRPC first, then workers, then store and bus). It does not start without
 * authentication configured, unless BATON_AUTH_INSECURE_DEV=true (docs/security.md).
 */
export async function runServiceProcess(options: ServiceProcessOptions): Promise<void> {
  const title = `baton ${options.service}`;
  // Before Nest and the adapters, so every span and metric of the process has its SDK (off: undefined).
  const telemetry = startTelemetry({ service: options.service });
  const jsonLogs = telemetry !== undefined || process.env['BATON_LOG_FORMAT'] === 'json';
  const address = process.env['BATON_GRPC_ADDRESS'] || options.defaultAddress;
  const host = address.slice(0, address.lastIndexOf(':'));
  try {
    const auth = await processAuthFromEnv('distributed', address);
    if (auth.warning) console.error(auth.warning);
    const runtime = await openRuntime(runtimeConfigFromEnv(options.service));
    const app = await NestFactory.createApplicationContext(
      { module: class ServiceRoot {}, imports: [RuntimeModule.forRuntime(runtime), options.module(runtime)] },
      { logger: jsonLogs ? nestLoggerOn(createLogger(options.service)) : ['error', 'warn'] },
    );
    // Bound before the modules start, so probes see NOT_SERVING (and calls UNAVAILABLE) while
    // the consumers join their groups and the projections replay, instead of no answer at all.
    const hosted = options.hosted(app, auth.guard);
    const server = await startGrpcServer({ address, services: [hosted], startNotServing: true });
    console.log(`${title} starting on ${host}:${server.port} (health NOT_SERVING until ready)`);
    await app.init();
    server.markServing();
    const seeded = options.seed && process.env['BATON_SEED'] === 'true' ? await options.seed(app) : undefined;
    const { store, bus } = runtime.config;
    console.log(
      [
        `${title} listening on ${host}:${server.port} (gRPC, plaintext)`,
        `  service   ${hosted.name}, grpc.health.v1.Health, server reflection`,
        `  store     ${store.kind === 'sqlite' ? `SQLite ${store.file}` : store.kind === 'postgres' ? `PostgreSQL schema ${store.schema}` : 'KurrentDB'}`,
        `  bus       ${bus.kind === 'kafka' ? `Kafka ${bus.brokers.join(',')}` : 'in-process'}`,
        `  ${auth.banner}`,
        ...(seeded ? [`  seeded    ${seeded}`] : []),
      ].join('\n'),
    );
    const stop = (signal: string) => {
      console.log(`${title}: ${signal}, shutting down`);
      void server
        .stop()
        .then(() => app.close())
        .then(() => runtime.close())
        .then(() => telemetry?.shutdown())
        .then(() => process.exit(0));
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  } catch (error) {
    console.error(`${title}: cannot start: ${(error as Error).message}`);
    process.exit(1);
  }
}
