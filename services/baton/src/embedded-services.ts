import type { HostedService } from '@baton/grpc-server';
import { analyticsGrpcService } from '@baton/service-analytics';
import { definitionGrpcService } from '@baton/service-definition';
import { executionGrpcService } from '@baton/service-execution';
import { ownershipGrpcService } from '@baton/service-ownership';

/** The four services that embedded mode hosts in one process, on one port. */
export const embeddedServices: readonly HostedService[] = [
  definitionGrpcService,
  executionGrpcService,
  ownershipGrpcService,
  analyticsGrpcService,
];
