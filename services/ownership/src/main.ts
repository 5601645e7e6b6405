import { runService } from '@baton/grpc-server';
import { ownershipGrpcService } from './ownership.grpc-service';

// The ownership service alone: one process of the distributed mode.
void runService({
  title: 'baton ownership',
  defaultAddress: '127.0.0.1:50051',
  services: [ownershipGrpcService],
});
