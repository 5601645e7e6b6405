export { analyticsGrpcService } from './analytics.grpc-service';
