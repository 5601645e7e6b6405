import { executionV1 } from '@baton/contracts';
import { unimplementedService } from '@baton/grpc-server';

/** The execution service as served over gRPC; its use cases replace the unimplemented handlers. */
export const executionGrpcService = unimplementedService(
  'baton.execution.v1.ExecutionService',
  executionV1.ExecutionServiceService,
  'baton/execution/v1/execution_service.proto',
);
