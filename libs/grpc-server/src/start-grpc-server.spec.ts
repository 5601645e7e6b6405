import { analyticsV1 } from '@baton/contracts';
import { credentials, loadPackageDefinition, status, type ServiceError } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { protoPath as healthProto } from 'grpc-health-check';
import { startGrpcServer, type RunningGrpcServer } from './start-grpc-server';
import { unaryHandlers } from './unary-handlers';

type HealthClient = {
  check(r: { service: string }, cb: (e: ServiceError | null, r: { status: string }) => void): void;
  close(): void;
};
const Health = (
  loadPackageDefinition(loadSync(healthProto, { enums: String })) as unknown as {
    grpc: { health: { v1: { Health: new (target: string, c: unknown) => HealthClient } } };
  }
).grpc.health.v1.Health;

describe('startGrpcServer started not serving', () => {
  const definition = analyticsV1.AnalyticsServiceService;
  const name = 'baton.analytics.v1.AnalyticsService';
  let server: RunningGrpcServer;
  let client: analyticsV1.AnalyticsServiceClient;
  let health: HealthClient;

  beforeAll(async () => {
    server = await startGrpcServer({
      address: '127.0.0.1:0',
      startNotServing: true,
      services: [
        {
          name,
          definition,
          protoFile: 'baton/analytics/v1/analytics_service.proto',
          implementation: unaryHandlers(
            definition,
            { getAuditTrail: async () => analyticsV1.GetAuditTrailResponse.fromPartial({}) } as never,
            { domain: 'baton.test' },
          ),
        },
      ],
    });
    const target = `127.0.0.1:${server.port}`;
    client = new analyticsV1.AnalyticsServiceClient(target, credentials.createInsecure());
    health = new Health(target, credentials.createInsecure());
  });
  afterAll(async () => {
    client.close();
    health.close();
    await server.stop();
  });

  const check = (service: string) =>
    new Promise<string>((resolve, reject) =>
      health.check({ service }, (e, r) => (e ? reject(e) : resolve(r.status))),
    );
  const call = () =>
    new Promise<ServiceError | null>((resolve) =>
      client.getAuditTrail(analyticsV1.GetAuditTrailRequest.fromPartial({ instanceId: 'i' }), (e) =>
        resolve(e),
      ),
    );

  it('answers health NOT_SERVING and calls UNAVAILABLE until marked serving, then serves', async () => {
    expect(await check('')).toBe('NOT_SERVING');
    expect(await check(name)).toBe('NOT_SERVING');
    const refused = await call();
    expect(refused?.code).toBe(status.UNAVAILABLE);
    expect(refused?.details).toContain('is starting');
    server.markServing();
    expect(await check('')).toBe('SERVING');
    expect(await check(name)).toBe('SERVING');
    expect(await call()).toBeNull();
  });
});
