import { runService } from '@baton/grpc-server';
import { executionGrpcService } from './execution.grpc-service';

// The execution service alone: one process of the distributed mode.
void runService({
  title: 'baton execution',
  defaultAddress: '127.0.0.1:50051',
  services: [executionGrpcService],
});
