import { runService } from '@baton/grpc-server';
import { analyticsGrpcService } from '@baton/service-analytics';
import { definitionGrpcService } from '@baton/service-definition';
import { executionGrpcService } from '@baton/service-execution';
import { ownershipGrpcService } from '@baton/service-ownership';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';

// Embedded mode, the default main job: all four services in one process on one port, state under
// one data directory, no servers needed.
const dataDir = resolve(process.env['BATON_DATA_DIR'] || 'data');
mkdirSync(dataDir, { recursive: true });

void runService({
  title: 'baton (embedded mode)',
  defaultAddress: '127.0.0.1:50051',
  services: [definitionGrpcService, executionGrpcService, ownershipGrpcService, analyticsGrpcService],
  details: [`data      ${dataDir}`],
});
