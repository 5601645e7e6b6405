import { runService } from '@baton/grpc-server';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { embeddedServices } from './embedded-services';

// Embedded mode, the default main job: all four services in one process on one port, state under
// one data directory, no servers needed.
const dataDir = resolve(process.env['BATON_DATA_DIR'] || 'data');
mkdirSync(dataDir, { recursive: true });

void runService({
  title: 'baton (embedded mode)',
  defaultAddress: '127.0.0.1:50051',
  services: embeddedServices,
  details: [`data      ${dataDir}`],
});
