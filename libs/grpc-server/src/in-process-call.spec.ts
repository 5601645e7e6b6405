import { analyticsV1, googleRpc, unpackAnyAs } from '@baton/contracts';
import { NotFoundError } from '@baton/domain';
import { Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { callContextOf, CallMetadata } from './call-context';
import { PermissionDeniedError, type CallGuard } from './call-guard';
import { statusDetailsOf } from './grpc-errors';
import type { HostedService } from './hosted-service';
import { inProcessInvoker } from './in-process-call';
import { unaryHandlers } from './unary-handlers';

describe('inProcessInvoker', () => {
  const definition = analyticsV1.AnalyticsServiceService;
  const seen: { instanceId: string; actor: string }[] = [];
  const guard: CallGuard = {
    authenticate: (metadata) => callContextOf(metadata),
    authorize: (method, caller) => {
      if (caller.actor === 'intruder') throw new PermissionDeniedError(`analytics.${method}`);
    },
  };
  const service: HostedService = {
    name: 'baton.analytics.v1.AnalyticsService',
    definition,
    protoFile: 'baton/analytics/v1/analytics_service.proto',
    implementation: unaryHandlers(
      definition,
      {
        getAuditTrail: async (r: analyticsV1.GetAuditTrailRequest, context: { actor: string }) => {
          if (r.instanceId === 'missing') {
            throw new NotFoundError('INSTANCE.NOT_FOUND', 'instance missing does not exist', {
              resourceType: 'baton.execution.v1.Instance',
              resourceName: 'missing',
            });
          }
          seen.push({ instanceId: r.instanceId, actor: context.actor });
          return analyticsV1.GetAuditTrailResponse.fromPartial({ nextPageToken: `after-${r.instanceId}` });
        },
      } as never,
      { domain: 'baton.test' },
      guard,
    ),
  };
  const invoke = inProcessInvoker(() => service);
  const as = (actor: string) => {
    const metadata = new Metadata();
    metadata.set(CallMetadata.actor, actor);
    return metadata;
  };
  const failure = (promise: Promise<unknown>) =>
    promise.then(
      () => {
        throw new Error('expected the call to fail');
      },
      (error: ServiceError) => error,
    );

  it('runs the handler with the caller from the metadata and answers its response', async () => {
    const response = await invoke(
      'getAuditTrail',
      analyticsV1.GetAuditTrailRequest.fromPartial({ instanceId: 'i-1' }),
      as('service:ownership'),
    );
    expect(response).toEqual(analyticsV1.GetAuditTrailResponse.fromPartial({ nextPageToken: 'after-i-1' }));
    expect(seen).toContainEqual({ instanceId: 'i-1', actor: 'service:ownership' });
  });

  it('fails with the status error a remote caller would get, details included', async () => {
    const error = await failure(
      invoke(
        'getAuditTrail',
        analyticsV1.GetAuditTrailRequest.fromPartial({ instanceId: 'missing' }),
        as('a'),
      ),
    );
    expect(error).toBeInstanceOf(Error);
    expect(error.code).toBe(status.NOT_FOUND);
    expect(error.details).toBe('instance missing does not exist');
    const info = statusDetailsOf(error)?.details.find((d) => d.typeUrl.endsWith('google.rpc.ErrorInfo'));
    expect(info && unpackAnyAs(info, googleRpc.ErrorInfo).reason).toBe('INSTANCE.NOT_FOUND');
  });

  it('runs the guard: a refused caller gets PERMISSION_DENIED and the handler never runs', async () => {
    const before = seen.length;
    const error = await failure(
      invoke(
        'getAuditTrail',
        analyticsV1.GetAuditTrailRequest.fromPartial({ instanceId: 'i-2' }),
        as('intruder'),
      ),
    );
    expect(error.code).toBe(status.PERMISSION_DENIED);
    expect(seen).toHaveLength(before);
  });

  it('answers UNIMPLEMENTED for a method the service does not have', async () => {
    const error = await failure(invoke('dropEverything', {}, as('a')));
    expect(error.code).toBe(status.UNIMPLEMENTED);
  });
});
