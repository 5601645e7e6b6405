import { status, type ServiceError } from '@grpc/grpc-js';
import { executionV1 } from '@baton/contracts';
import { v7 as uuidv7 } from 'uuid';
import { businessKeyClaimStream } from '../streams';
import { ExecutionTestApp, T0 } from '../testing/execution-test-app';

const hire = (candidateId: string) => ({
  candidateId,
  candidateName: 'C',
  startDate: '2026-04-01',
  hiringManagerId: 'grace',
  jobTitle: 'E',
  department: 'd',
  workLocation: 'w',
});

describe('Starting instances', () => {
  let t: ExecutionTestApp;
  beforeAll(async () => {
    t = await ExecutionTestApp.start();
    await t.publishDefinition('employee-onboarding.yaml');
  });
  afterAll(() => t.close());

  const start = (businessKey: string) =>
    t.call(
      'startInstance',
      executionV1.StartInstanceRequest.fromPartial({
        definitionId: 'employee-onboarding',
        businessKey,
        data: hire(businessKey),
      }),
    );

  it('starts one instance when the same business key is started concurrently', async () => {
    const results = await Promise.all(Array.from({ length: 6 }, () => start('cand-race')));
    expect(results.filter((r) => !r.alreadyExisted)).toHaveLength(1);
    expect(new Set(results.map((r) => r.instance?.instanceId)).size).toBe(1);
  });

  it('waits for a start in flight, then takes over a business key whose start crashed before recording its instance', async () => {
    const stream = businessKeyClaimStream('default', 'employee-onboarding', 'cand-crash');
    await t.runtime.store.append(
      stream,
      [
        {
          eventId: uuidv7(),
          type: 'InstanceKeyClaimed',
          data: { instanceId: uuidv7() },
          occurredAt: new Date(T0),
        },
      ],
      { kind: 'no-stream' },
    );
    const inFlight = await start('cand-crash').catch((e: ServiceError) => e);
    expect((inFlight as ServiceError).code).toBe(status.ALREADY_EXISTS);
    expect((inFlight as ServiceError).details).toMatch(/in progress; retry/);
    t.clock.advance(5_000);
    const started = await start('cand-crash');
    expect(started.alreadyExisted).toBe(false);
    expect((await t.runtime.store.readStream(stream)).at(-1)?.data).toEqual({
      instanceId: started.instance?.instanceId,
    });
  });
});
