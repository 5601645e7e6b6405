import { runService } from '@baton/grpc-server';
import { definitionGrpcService } from './definition.grpc-service';

// The definition service alone: one process of the distributed mode.
void runService({
  title: 'baton definition',
  defaultAddress: '127.0.0.1:50051',
  services: [definitionGrpcService],
});
