import { analyticsV1, definitionV1 } from '@baton/contracts';
import { credentials, loadPackageDefinition, status, type ServiceError } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { protoPath as healthProto } from 'grpc-health-check';
import { join } from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { startEmbeddedHost, type EmbeddedHost } from './embedded-host';

const serviceNames = [
  'baton.definition.v1.DefinitionService',
  'baton.execution.v1.ExecutionService',
  'baton.ownership.v1.OwnershipService',
  'baton.analytics.v1.AnalyticsService',
];

// Loopback gRPC only: the embedded host as an integrator's client sees it.
type Grpc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const loadClient = (file: string, includeDirs: string[] = []) =>
  loadPackageDefinition(loadSync(file, { includeDirs, enums: String })) as Grpc;

describe('Embedded host', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'baton-embedded-'));
  let host: EmbeddedHost;
  let target: string;

  beforeAll(async () => {
    host = await startEmbeddedHost({ address: '127.0.0.1:0', dataDir, seed: true });
    target = `127.0.0.1:${host.port}`;
  });
  afterAll(async () => {
    await host.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('reports every service as SERVING through the standard health check', async () => {
    const Health = loadClient(healthProto).grpc.health.v1.Health;
    const client = new Health(target, credentials.createInsecure());
    const names = ['', ...serviceNames];
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
    expect(listed).toEqual(expect.arrayContaining(serviceNames));
    client.close();
  });

  it('answers an analytics RPC that has no use case yet with UNIMPLEMENTED, naming the method', async () => {
    const client = new analyticsV1.AnalyticsServiceClient(target, credentials.createInsecure());
    const error = await new Promise<ServiceError | null>((resolve) => {
      const call = client.importEventLog((err) => resolve(err));
      call.end();
    });
    expect(error?.code).toBe(status.UNIMPLEMENTED);
    expect(error?.details).toBe('baton.analytics.v1.AnalyticsService/ImportEventLog is not implemented yet');
    client.close();
  });

  it('seeds the five reference processes, listed through the definition service', async () => {
    expect(host.seeded.definitions).toHaveLength(5);
    const client = new definitionV1.DefinitionServiceClient(target, credentials.createInsecure());
    const listed = await new Promise<definitionV1.ListDefinitionsResponse>((resolve, reject) =>
      client.listDefinitions(definitionV1.ListDefinitionsRequest.fromPartial({}), (err, res) =>
        err ? reject(err) : resolve(res),
      ),
    );
    expect(listed.definitionVersions.map((d) => d.definitionId).sort()).toEqual(
      host.seeded.definitions.map((d) => d.split(' ')[0]).sort(),
    );
    client.close();
  });
});
