import type { ServiceDefinition, UntypedServiceImplementation } from '@grpc/grpc-js';

/** One gRPC service a host serves: its fully qualified name, grpc-js definition and handlers. */
export interface HostedService {
  /** Fully qualified proto name, e.g. `baton.execution.v1.ExecutionService`; also the health-check key. */
  readonly name: string;
  readonly definition: ServiceDefinition;
  readonly implementation: UntypedServiceImplementation;
  /** The `.proto` file (relative to `proto/`) that declares the service, for server reflection. */
  readonly protoFile: string;
}
