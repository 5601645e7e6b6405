export type { HostedService } from './hosted-service';
export { unimplementedHandlers, unimplementedService } from './unimplemented';
export { startGrpcServer, type GrpcServerOptions, type RunningGrpcServer } from './start-grpc-server';
export { runService, type RunServiceOptions } from './run-service';
export {
  callContextOf,
  callerOf,
  CallMetadata,
  DEFAULT_TENANT,
  type CallContext,
  type CallGrants,
} from './call-context';
export { toServiceError, statusDetailsOf, STATUS_DETAILS_KEY, type ErrorMapping } from './grpc-errors';
export { RequestCheck, RequestError } from './request-errors';
export { unaryHandlers, type UnaryHandler } from './unary-handlers';
export { inProcessInvoker, type UnaryInvoker } from './in-process-call';
export { pageOf } from './paging';
export {
  DEFAULT_MAX_FIELD_BYTES,
  decodingTolerantDefinition,
  fieldOutOfBounds,
  maxFieldBytesFromEnv,
} from './undecodable-requests';
export { channelCredentialsFromEnv, serverCredentialsFromEnv } from './tls';
export {
  rateLimitedGuard,
  rateLimitsFromEnv,
  takeToken,
  RateLimitedError,
  type Bucket,
  type BucketLimit,
  type RateLimits,
} from './rate-limit';
export {
  authorizeByRole,
  developmentCallGuard,
  PermissionDeniedError,
  UnauthenticatedError,
  type CallGuard,
} from './call-guard';
export * from './auth';
