import { analyticsV1, googleRpc } from '@baton/contracts';
import { startGrpcServer, statusDetailsOf, type RunningGrpcServer } from '@baton/grpc-server';
import { openRuntime, RuntimeModule, type Runtime } from '@baton/service-kit';
import { credentials, status, type ServiceError } from '@grpc/grpc-js';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyticsHostedService } from './analytics.hosted';
import { AnalyticsModule } from './analytics.module';

type Client = analyticsV1.AnalyticsServiceClient;

/** A unary call as a promise. */
const unary =
  <Req, Res>(client: Client, method: (req: Req, cb: (e: ServiceError | null, r: Res) => void) => unknown) =>
  (request: Req): Promise<Res> =>
    new Promise((resolve, reject) =>
      method.call(client, request, (error: ServiceError | null, response: Res) =>
        error ? reject(error) : resolve(response),
      ),
    );

const fieldsOf = (error: ServiceError) =>
  statusDetailsOf(error)?.details.flatMap((any) =>
    any.typeUrl.endsWith('BadRequest')
      ? googleRpc.BadRequest.decode(any.value).fieldViolations.map((f) => f.field)
      : [],
  );

describe('AnalyticsService work-flow RPCs', () => {
  const dir = mkdtempSync(join(tmpdir(), 'baton-analytics-flows-'));
  let runtime: Runtime;
  let app: INestApplicationContext;
  let server: RunningGrpcServer;
  let client: Client;

  beforeAll(async () => {
    // A read model kept by an older version, in another shape: its projection waits for a rebuild.
    const old = new Database(join(dir, 'analytics.sqlite'));
    old.exec(
      'CREATE TABLE rm_stats_handoff_days (definition_id TEXT NOT NULL PRIMARY KEY, aggregate TEXT NOT NULL)',
    );
    old.close();
    runtime = await openRuntime({
      store: { kind: 'sqlite', file: join(dir, 'a.db') },
      bus: { kind: 'in-process' },
    });
    app = await NestFactory.createApplicationContext(
      { module: class Root {}, imports: [RuntimeModule.forRuntime(runtime), AnalyticsModule.forRoot()] },
      { logger: false },
    );
    await app.init();
    server = await startGrpcServer({ address: '127.0.0.1:0', services: [analyticsHostedService(app)] });
    client = new analyticsV1.AnalyticsServiceClient(`127.0.0.1:${server.port}`, credentials.createInsecure());
  });
  afterAll(async () => {
    client.close();
    await server.stop();
    await app.close();
    await runtime.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('starts the other projections when one read model is in an old shape', async () => {
    // The audit trail runs (an unknown instance is NOT_FOUND, not an error of its table).
    const trail = (await unary(
      client,
      client.getAuditTrail,
    )(analyticsV1.GetAuditTrailRequest.fromPartial({ instanceId: 'nope' })).catch(
      (e: unknown) => e,
    )) as ServiceError;
    expect(trail.code).toBe(status.NOT_FOUND);
  });

  it('refuses bad requests naming the fields at fault', async () => {
    const refused = async (call: Promise<unknown>) => {
      const error = (await call.catch((e: unknown) => e)) as ServiceError;
      expect(error.code).toBe(status.INVALID_ARGUMENT);
      return fieldsOf(error);
    };
    expect(
      await refused(
        unary(
          client,
          client.getHandoverNetwork,
        )(
          analyticsV1.GetHandoverNetworkRequest.fromPartial({
            level: analyticsV1.NetworkLevel.NETWORK_LEVEL_STEP,
            minCount: '-1',
          }),
        ),
      ),
    ).toEqual(['filter.definition_id', 'min_count']);
    expect(
      await refused(
        unary(
          client,
          client.compareVersions,
        )(
          analyticsV1.CompareVersionsRequest.fromPartial({
            baseVersion: -1,
            candidateWindow: { startTime: new Date(2), endTime: new Date(1) },
          }),
        ),
      ),
    ).toEqual(['definition_id', 'base_version', 'candidate_window']);
    expect(
      await refused(
        unary(
          client,
          client.getSinglePersonDependencies,
        )(
          analyticsV1.GetSinglePersonDependenciesRequest.fromPartial({
            minShare: 1.5,
            minCompletedCount: '-2',
          }),
        ),
      ),
    ).toEqual(['min_share', 'min_completed_count']);
    expect(
      await refused(
        unary(
          client,
          client.getTeamQueues,
        )(analyticsV1.GetTeamQueuesRequest.fromPartial({ bucketWidth: { seconds: '3600', nanos: 0 } })),
      ),
    ).toEqual(['bucket_width', 'filter.time_window']);
    expect(
      await refused(
        unary(client, client.getSlaBreaches)(analyticsV1.GetSlaBreachesRequest.fromPartial({ pageSize: -1 })),
      ),
    ).toEqual(['page_size']);
    // Business time is kept for handoffs, steps, cases and bottlenecks only; an unknown clock is refused.
    expect(
      await refused(
        unary(
          client,
          client.getSlaBreaches,
        )(
          analyticsV1.GetSlaBreachesRequest.fromPartial({
            filter: { clock: analyticsV1.Clock.CLOCK_BUSINESS },
          }),
        ),
      ),
    ).toEqual(['filter.clock']);
    expect(
      await refused(
        unary(
          client,
          client.getHandoffStats,
        )(analyticsV1.GetHandoffStatsRequest.fromPartial({ filter: { clock: 7 as analyticsV1.Clock } })),
      ),
    ).toEqual(['filter.clock']);
  });
});
