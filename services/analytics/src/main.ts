import { runService } from '@baton/grpc-server';
import { analyticsGrpcService } from './analytics.grpc-service';

// The analytics service alone: one process of the distributed mode.
void runService({
  title: 'baton analytics',
  defaultAddress: '127.0.0.1:50051',
  services: [analyticsGrpcService],
});
