import { processAuthFromEnv, type ProcessAuth } from '@baton/grpc-server';
import { analyticsSqliteFile } from '@baton/service-analytics';
import { startTelemetry } from '@baton/telemetry';
import { resolve } from 'node:path';
import { startEmbeddedHost } from './embedded-host';
import { tuneEmbeddedProcess } from './process-tuning';

// Embedded mode, the default main job: all four services in one process on one port, state in one
// SQLite file under the data directory, the in-process bus, the reference processes published and
// a small directory of people and teams seeded. No servers needed.
async function main(): Promise<void> {
  tuneEmbeddedProcess();
  // Off unless BATON_TELEMETRY=on or an OTLP endpoint is configured (docs/operations.md).
  const telemetry = startTelemetry({ service: 'baton' });
  const address = process.env['BATON_GRPC_ADDRESS'] || '127.0.0.1:50051';
  const dataDir = resolve(process.env['BATON_DATA_DIR'] || 'data');
  const started = Date.now();
  let auth: ProcessAuth;
  try {
    // The development identity unless BATON_AUTH_* configures tokens; loopback only without them.
    auth = await processAuthFromEnv('embedded', address);
  } catch (error) {
    console.error(`baton: will not start on ${address}: ${(error as Error).message}`);
    process.exit(1);
  }
  if (auth.warning) console.error(auth.warning);
  let host;
  try {
    host = await startEmbeddedHost({
      guard: auth.guard,
      address,
      dataDir,
      seed: process.env['BATON_SEED'] !== 'false',
      analyticsProjectionsIn: 'worker-thread',
    });
  } catch (error) {
    console.error(`baton: cannot start on ${address}: ${(error as Error).message}`);
    process.exit(1);
  }
  const where = `${address.slice(0, address.lastIndexOf(':'))}:${host.port}`;
  console.log(
    [
      `baton (embedded mode) listening on ${where} (gRPC, plaintext) — ready in ${Date.now() - started} ms`,
      '  services  baton.definition.v1.DefinitionService, baton.execution.v1.ExecutionService,',
      '            baton.ownership.v1.OwnershipService, baton.analytics.v1.AnalyticsService,',
      '            grpc.health.v1.Health, server reflection',
      `  store     SQLite ${resolve(dataDir, 'baton.db')}`,
      `  analytics SQLite ${analyticsSqliteFile(dataDir)} (read models, projected in a worker thread)`,
      '  bus       in-process',
      `  ${auth.banner}`,
      `  seeded    ${host.seeded.definitions.join(', ') || 'nothing'}`,
      `            ${host.seeded.people} people in ${host.seeded.teams} teams`,
      `  try       npx baton demo --address ${where}    (in a second terminal)`,
    ].join('\n'),
  );
  const stop = (signal: string) => {
    console.log(`baton: ${signal}, shutting down`);
    void host
      .stop()
      .then(() => telemetry?.shutdown())
      .then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

void main();
