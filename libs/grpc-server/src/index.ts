export type { HostedService } from './hosted-service';
export { unimplementedHandlers, unimplementedService } from './unimplemented';
export { startGrpcServer, type GrpcServerOptions, type RunningGrpcServer } from './start-grpc-server';
export { runService, type RunServiceOptions } from './run-service';
