import type { INestApplicationContext } from '@nestjs/common';
import { executionV1 } from '@baton/contracts';
import { unaryHandlers, type CallGuard, type HostedService, type UnaryHandler } from '@baton/grpc-server';
import { ExecutionGrpcController } from './execution.grpc-controller';

const RPCS = [
  'startInstance',
  'assignStep',
  'startStep',
  'completeStep',
  'failStep',
  'rejectStep',
  'reassignStep',
  'markStepOverdue',
  'escalateStep',
  'cancelInstance',
  'publishTrigger',
  'getInstance',
  'listInstances',
  'listWork',
  'verifyAuditTrail',
] as const;

/** The execution service as served over gRPC, from an app that imports ExecutionModule; `guard` admits its callers. */
export function executionHostedService(app: INestApplicationContext, guard?: CallGuard): HostedService {
  const controller = app.get(ExecutionGrpcController);
  const handlers = Object.fromEntries(
    RPCS.map((rpc) => [rpc, controller[rpc].bind(controller) as UnaryHandler<never, unknown>]),
  );
  return {
    name: 'baton.execution.v1.ExecutionService',
    definition: executionV1.ExecutionServiceService,
    implementation: unaryHandlers(
      executionV1.ExecutionServiceService,
      handlers,
      { domain: 'baton.execution' },
      guard,
    ),
    protoFile: 'baton/execution/v1/execution_service.proto',
  };
}
