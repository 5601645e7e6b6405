import { analyticsV1 } from '@baton/contracts';
import { credentials, Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { callContextOf } from './call-context';
import { PermissionDeniedError, UnauthenticatedError, type CallGuard } from './call-guard';
import { startGrpcServer, type RunningGrpcServer } from './start-grpc-server';
import { unaryHandlers } from './unary-handlers';

// A real grpc-js server with one guarded method: the guard runs before the handler.
describe('unaryHandlers with a call guard and a message size limit', () => {
  const definition = analyticsV1.AnalyticsServiceService;
  const handled: string[] = [];
  const guard: CallGuard = {
    authenticate: (metadata) => {
      if (metadata.get('authorization')[0] !== 'Bearer good') throw new UnauthenticatedError('token expired');
      return callContextOf(metadata);
    },
    authorize: (method, caller) => {
      if (caller.actor !== 'auditor') throw new PermissionDeniedError(`analytics.${method}`);
    },
  };
  let server: RunningGrpcServer;
  let client: analyticsV1.AnalyticsServiceClient;

  beforeAll(async () => {
    server = await startGrpcServer({
      address: '127.0.0.1:0',
      maxReceiveMessageBytes: 1024,
      services: [
        {
          name: 'baton.analytics.v1.AnalyticsService',
          definition,
          protoFile: 'baton/analytics/v1/analytics_service.proto',
          implementation: unaryHandlers(
            definition,
            {
              getAuditTrail: async (r: analyticsV1.GetAuditTrailRequest) => {
                handled.push(r.instanceId);
                return analyticsV1.GetAuditTrailResponse.fromPartial({});
              },
            } as never,
            { domain: 'baton.test' },
            guard,
          ),
        },
      ],
    });
    client = new analyticsV1.AnalyticsServiceClient(`127.0.0.1:${server.port}`, credentials.createInsecure());
  });
  afterAll(async () => {
    client.close();
    await server.stop();
  });

  const call = (instanceId: string, headers: Record<string, string>) => {
    const md = new Metadata();
    for (const [k, v] of Object.entries(headers)) md.set(k, v);
    return new Promise<ServiceError | null>((resolve) =>
      client.getAuditTrail(analyticsV1.GetAuditTrailRequest.fromPartial({ instanceId }), md, (e) =>
        resolve(e),
      ),
    );
  };

  it('answers UNAUTHENTICATED with the reason and PERMISSION_DENIED naming the permission, before the handler', async () => {
    const anonymous = await call('i-1', {});
    expect(anonymous?.code).toBe(status.UNAUTHENTICATED);
    expect(anonymous?.details).toBe('token expired');
    const denied = await call('i-2', { authorization: 'Bearer good', 'x-baton-actor': 'intern' });
    expect(denied?.code).toBe(status.PERMISSION_DENIED);
    expect(denied?.details).toBe(
      'permission analytics.baton.analytics.v1.AnalyticsService/GetAuditTrail is required',
    );
    expect(handled).toEqual([]);
    expect(await call('i-3', { authorization: 'Bearer good', 'x-baton-actor': 'auditor' })).toBeNull();
    expect(handled).toEqual(['i-3']);
  });

  it('refuses a request above the message size limit with RESOURCE_EXHAUSTED', async () => {
    const error = await call('x'.repeat(4096), { authorization: 'Bearer good', 'x-baton-actor': 'auditor' });
    expect(error?.code).toBe(status.RESOURCE_EXHAUSTED);
    expect(handled).not.toContain('x'.repeat(4096));
  });
});
