import { Server, ServerCredentials, status, type UntypedServiceImplementation } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { ReflectionService } from '@grpc/reflection';
import { HealthImplementation } from 'grpc-health-check';
import { join } from 'node:path';
import type { HostedService } from './hosted-service';
import { serverCredentialsFromEnv } from './tls';
import { decodingTolerantDefinition, maxFieldBytesFromEnv } from './undecodable-requests';

/** Options of {@link startGrpcServer}. */
export interface GrpcServerOptions {
  /** `host:port` to bind; port 0 picks a free one. */
  readonly address: string;
  readonly services: readonly HostedService[];
  /** Root of the `.proto` tree, for server reflection; defaults to the repository's `proto/`. */
  readonly protoRoot?: string;
  /**
   * Largest request accepted (default `BATON_GRPC_MAX_MESSAGE_BYTES` or 4 MiB); larger ones fail
   * with RESOURCE_EXHAUSTED before any handler runs.
   */
  readonly maxReceiveMessageBytes?: number;
  /**
   * Largest single string or bytes field of a request (default `BATON_MAX_FIELD_BYTES` or 64 KiB);
   * larger ones are refused with INVALID_ARGUMENT naming the field, before any handler runs.
   */
  readonly maxFieldBytes?: number;
  /**
   * Bind and answer health checks at once, but report NOT_SERVING and refuse the services' calls
   * with UNAVAILABLE until {@link RunningGrpcServer.markServing}: a process can be probed while
   * it is still catching up (joining consumer groups, replaying its store). Default false.
   */
  readonly startNotServing?: boolean;
  /** TLS or not (default from `BATON_TLS_*`, see {@link serverCredentialsFromEnv}: plaintext when unset). */
  readonly credentials?: ServerCredentials;
}

const DEFAULT_MAX_MESSAGE_BYTES = 4 * 1024 * 1024;

/** A running server: the port it bound and a graceful stop. */
export interface RunningGrpcServer {
  readonly port: number;
  readonly health: HealthImplementation;
  /** Opens the services and reports SERVING (see `startNotServing`). */
  markServing(): void;
  stop(): Promise<void>;
}

const defaultProtoRoot = join(__dirname, '../../../proto');

/**
 * Starts a grpc-js server with the given services plus standard gRPC health checking
 * (`grpc.health.v1.Health`, one status per service and the overall `""`) and server reflection,
 * so `grpcurl` and Kubernetes gRPC probes work against every Baton process.
 */
export async function startGrpcServer(options: GrpcServerOptions): Promise<RunningGrpcServer> {
  const server = new Server({
    'grpc.max_receive_message_length':
      options.maxReceiveMessageBytes ??
      (Number(process.env['BATON_GRPC_MAX_MESSAGE_BYTES']) || DEFAULT_MAX_MESSAGE_BYTES),
  });
  const maxFieldBytes = options.maxFieldBytes ?? maxFieldBytesFromEnv();
  let serving = options.startNotServing !== true;
  const initial = serving ? ('SERVING' as const) : ('NOT_SERVING' as const);
  const statuses = Object.fromEntries(options.services.map((s) => [s.name, initial]));
  const health = new HealthImplementation({ '': initial, ...statuses });
  const setEveryStatus = (to: 'SERVING' | 'NOT_SERVING') => {
    for (const name of ['', ...Object.keys(statuses)]) health.setStatus(name, to);
  };
  health.addToServer(server);
  const reflection = loadSync(
    options.services.map((s) => s.protoFile),
    {
      includeDirs: [options.protoRoot ?? defaultProtoRoot],
    },
  );
  new ReflectionService(reflection).addToServer(server);
  for (const service of options.services) {
    server.addService(
      decodingTolerantDefinition(service.definition, maxFieldBytes),
      serving ? service.implementation : gated(service.implementation, service.name, () => serving),
    );
  }

  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(options.address, options.credentials ?? serverCredentialsFromEnv(), (err, bound) =>
      err ? reject(err) : resolve(bound),
    ),
  );
  return {
    port,
    health,
    markServing() {
      serving = true;
      setEveryStatus('SERVING');
    },
    stop: () =>
      new Promise<void>((resolve) => {
        setEveryStatus('NOT_SERVING');
        // Drain in-flight calls, but never hang a shutdown on a stuck client.
        const force = setTimeout(() => server.forceShutdown(), 5_000);
        server.tryShutdown(() => {
          clearTimeout(force);
          resolve();
        });
      }),
  };
}

/** Handlers that answer UNAVAILABLE while the process is not serving yet (clients retry that code). */
function gated(
  implementation: UntypedServiceImplementation,
  service: string,
  isServing: () => boolean,
): UntypedServiceImplementation {
  const out: UntypedServiceImplementation = {};
  for (const [method, handler] of Object.entries(implementation)) {
    out[method] = ((call: unknown, callback: (error: unknown) => void) => {
      if (isServing()) return (handler as (c: unknown, cb: unknown) => void)(call, callback);
      callback({ code: status.UNAVAILABLE, details: `${service} is starting; retry shortly` });
    }) as typeof handler;
  }
  return out;
}
