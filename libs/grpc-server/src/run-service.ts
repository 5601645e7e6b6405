import type { HostedService } from './hosted-service';
import { startGrpcServer } from './start-grpc-server';

/** Options of {@link runService}. */
export interface RunServiceOptions {
  /** Shown in the start-up banner, e.g. `baton execution`. */
  readonly title: string;
  /** Used when `BATON_GRPC_ADDRESS` is unset. */
  readonly defaultAddress: string;
  readonly services: readonly HostedService[];
  /** Extra banner lines (mode, data directory, …). */
  readonly details?: readonly string[];
}

/**
 * Runs gRPC services as a process: binds `BATON_GRPC_ADDRESS`, prints what runs where, and stops
 * gracefully on SIGINT/SIGTERM. Exits non-zero when the address cannot be bound.
 */
export async function runService(options: RunServiceOptions): Promise<void> {
  const address = process.env['BATON_GRPC_ADDRESS'] || options.defaultAddress;
  try {
    const server = await startGrpcServer({ address, services: options.services });
    const host = address.slice(0, address.lastIndexOf(':'));
    const lines = [
      `${options.title} listening on ${host}:${server.port} (gRPC, plaintext)`,
      ...options.services.map((s) => `  service   ${s.name}`),
      '  service   grpc.health.v1.Health, grpc.reflection.v1(alpha).ServerReflection',
      ...(options.details ?? []).map((d) => `  ${d}`),
    ];
    console.log(lines.join('\n'));
    const stop = (signal: string) => {
      console.log(`${options.title}: ${signal}, shutting down`);
      void server.stop().then(() => process.exit(0));
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  } catch (error) {
    console.error(`${options.title}: cannot listen on ${address}: ${(error as Error).message}`);
    process.exit(1);
  }
}
