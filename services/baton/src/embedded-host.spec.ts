import { executionV1 } from '@baton/contracts';
import { startGrpcServer, type RunningGrpcServer } from '@baton/grpc-server';
import { credentials, loadPackageDefinition, status, type ServiceError } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { protoPath as healthProto } from 'grpc-health-check';
import { join } from 'node:path';
import { embeddedServices } from './embedded-services';

// Loopback gRPC only: the embedded host as an integrator's client sees it.
type Grpc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const loadClient = (file: string, includeDirs: string[] = []) =>
  loadPackageDefinition(loadSync(file, { includeDirs, enums: String })) as Grpc;

describe('Embedded host', () => {
  let server: RunningGrpcServer;
  let target: string;

  beforeAll(async () => {
    server = await startGrpcServer({ address: '127.0.0.1:0', services: embeddedServices });
    target = `127.0.0.1:${server.port}`;
  });
  afterAll(() => server.stop());

  it('reports every service as SERVING through the standard health check', async () => {
    const Health = loadClient(healthProto).grpc.health.v1.Health;
    const client = new Health(target, credentials.createInsecure());
    const names = ['', ...embeddedServices.map((s) => s.name)];
    const results = await Promise.all(
      names.map(
        (service) =>
          new Promise<string>((resolve, reject) =>
            client.check({ service }, (err: ServiceError | null, res: { status: string }) =>
              err ? reject(err) : resolve(res.status),
            ),
          ),
      ),
    );
    expect(results).toEqual(names.map(() => 'SERVING'));
    client.close();
  });

  it('lists the four Baton services through server reflection', async () => {
    const reflectionDir = join(require.resolve('@grpc/reflection'), '../../proto');
    const pkg = loadClient('grpc/reflection/v1/reflection.proto', [reflectionDir]);
    const client = new pkg.grpc.reflection.v1.ServerReflection(target, credentials.createInsecure());
    const call = client.ServerReflectionInfo();
    const listed = await new Promise<string[]>((resolve, reject) => {
      call.on('data', (res: { listServicesResponse: { service: { name: string }[] } }) => {
        resolve(res.listServicesResponse.service.map((s) => s.name));
        call.end();
      });
      call.on('error', reject);
      call.write({ listServices: '' });
    });
    expect(listed).toEqual(expect.arrayContaining(embeddedServices.map((s) => s.name)));
    client.close();
  });

  it('answers a business RPC that has no use case yet with UNIMPLEMENTED, naming the method', async () => {
    const client = new executionV1.ExecutionServiceClient(target, credentials.createInsecure());
    const error = await new Promise<ServiceError | null>((resolve) =>
      client.getInstance(executionV1.GetInstanceRequest.fromPartial({}), (err) => resolve(err)),
    );
    expect(error?.code).toBe(status.UNIMPLEMENTED);
    expect(error?.details).toBe('baton.execution.v1.ExecutionService/GetInstance is not implemented yet');
    client.close();
  });
});
