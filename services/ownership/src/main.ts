import { serviceTokenFromEnv } from '@baton/grpc-server';
import { runServiceProcess } from '@baton/service-kit';
import { OwnershipModule } from './ownership.module';
import { ownershipHostedService } from './ownership.hosted';
import { seedDirectory } from './seed/seed-directory';

// The ownership service alone: one process of the distributed mode. It sends AssignStep,
// MarkStepOverdue and EscalateStep to the execution service at BATON_EXECUTION_ADDRESS, with the
// token of BATON_SERVICE_TOKEN_FILE or BATON_SERVICE_TOKEN when execution authenticates.
const executionToken = serviceTokenFromEnv();
void runServiceProcess({
  service: 'ownership',
  defaultAddress: '127.0.0.1:50063',
  module: () =>
    OwnershipModule.forRoot({
      executionAddress: () => process.env['BATON_EXECUTION_ADDRESS'] || '127.0.0.1:50062',
      ...(executionToken ? { executionToken } : {}),
    }),
  hosted: ownershipHostedService,
  seed: async (app) => {
    const seeded = await seedDirectory(app);
    return `${seeded.people} people in ${seeded.teams} teams`;
  },
});
