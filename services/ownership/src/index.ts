export { ownershipGrpcService } from './ownership.grpc-service';
