import { status, type ServiceError } from '@grpc/grpc-js';
import { executionV1 } from '@baton/contracts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExecutionTestApp } from '../testing/execution-test-app';

const data = {
  requestId: 'r-1',
  requesterId: 'ann',
  department: 'it',
  departmentHeadId: 'dan',
  amount: 100,
  currency: 'EUR',
  fiscalYear: 2026,
  justification: 'x',
};

async function codeOf(promise: Promise<unknown>): Promise<number> {
  try {
    await promise;
  } catch (error) {
    return (error as ServiceError).code;
  }
  return status.OK;
}

describe('Definitions known to execution', () => {
  const dir = mkdtempSync(join(tmpdir(), 'baton-execution-restart-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('are learned from the definition topic, kept in execution’s store and rebuilt after a restart without the topic', async () => {
    const first = await ExecutionTestApp.start({ dir });
    await first.publishDefinition('employee-onboarding.yaml');
    await first.publishDefinition('employee-onboarding.yaml');
    const started = await first.call(
      'startInstance',
      executionV1.StartInstanceRequest.fromPartial({
        definitionId: 'employee-onboarding',
        businessKey: 'cand-r',
        data: {
          candidateId: 'cand-r',
          candidateName: 'R',
          startDate: '2026-04-01',
          hiringManagerId: 'grace',
          jobTitle: 'E',
          department: 'd',
          workLocation: 'w',
        },
      }),
    );
    const learned = await first.runtime.store.readStream('execution-known-definition-employee-onboarding');
    expect(learned.map((e) => e.type)).toEqual(['DefinitionVersionLearned']);
    await first.close(false);

    const second = await ExecutionTestApp.start({ dir });
    try {
      expect(second.catalog.version('default', 'employee-onboarding', 1)?.definition.name).toBe(
        'Employee onboarding',
      );
      const again = await second.call('getInstance', { instanceId: started.instance?.instanceId ?? '' });
      expect(again.instance?.definitionName).toBe('Employee onboarding');
      const work = await second.call(
        'listWork',
        executionV1.ListWorkRequest.fromPartial({ teamId: 'it-service-desk' }),
      );
      expect(work.workItems.map((w) => w.instanceId)).toEqual([started.instance?.instanceId]);
    } finally {
      await second.close(false);
    }
  });

  it('refuse starts on a deprecated version and start the latest active one', async () => {
    const t = await ExecutionTestApp.start();
    try {
      const start = (definitionVersion?: number) =>
        t.call(
          'startInstance',
          executionV1.StartInstanceRequest.fromPartial({
            definitionId: 'budget-approval',
            businessKey: `k-${definitionVersion}`,
            data,
            ...(definitionVersion ? { definitionVersion } : {}),
          }),
        );
      await t.publishDefinition('budget-approval.yaml', 1);
      await t.deprecateDefinition('budget-approval', 1);
      expect(await codeOf(start())).toBe(status.FAILED_PRECONDITION);
      expect(await codeOf(start(1))).toBe(status.FAILED_PRECONDITION);
      expect(await codeOf(start(3))).toBe(status.NOT_FOUND);
      await t.publishDefinition('budget-approval.yaml', 2);
      const latest = await start();
      expect(latest.instance?.definitionVersion).toBe(2);
    } finally {
      await t.close();
    }
  });
});
