export { definitionGrpcService } from './definition.grpc-service';
