import { ownershipV1 } from '@baton/contracts';
import { unimplementedService } from '@baton/grpc-server';

/** The ownership service as served over gRPC; its use cases replace the unimplemented handlers. */
export const ownershipGrpcService = unimplementedService(
  'baton.ownership.v1.OwnershipService',
  ownershipV1.OwnershipServiceService,
  'baton/ownership/v1/ownership_service.proto',
);
