export { executionGrpcService } from './execution.grpc-service';
