import { status, type ServiceError } from '@grpc/grpc-js';
import { executionV1, googleRpc, unpackAnyAs } from '@baton/contracts';
import { statusDetailsOf } from '@baton/grpc-server';
import { ExecutionTestApp } from './testing/execution-test-app';

const { StepState, InstanceState } = executionV1;

const hire = (candidateId: string, startDate = '2026-04-01') => ({
  candidateId,
  candidateName: 'Ada Lovelace',
  startDate,
  hiringManagerId: 'grace',
  jobTitle: 'Engineer',
  department: 'engineering',
  workLocation: 'Berlin',
});

async function rejected(promise: Promise<unknown>): Promise<ServiceError> {
  try {
    await promise;
  } catch (error) {
    return error as ServiceError;
  }
  throw new Error('the call succeeded');
}

describe('ExecutionService over gRPC', () => {
  let t: ExecutionTestApp;
  beforeAll(async () => {
    t = await ExecutionTestApp.start();
    await t.publishDefinition('employee-onboarding.yaml');
  });
  afterAll(() => t.close());

  const start = (businessKey: string, extra: Partial<executionV1.StartInstanceRequest> = {}) =>
    t.call(
      'startInstance',
      executionV1.StartInstanceRequest.fromPartial({
        definitionId: 'employee-onboarding',
        businessKey,
        data: hire(businessKey),
        ...extra,
      }),
    );
  const assign = (instanceId: string, activationId: string, personId: string) =>
    t.call(
      'assignStep',
      executionV1.AssignStepRequest.fromPartial({
        instanceId,
        activationId,
        personId,
        reason: 'least-loaded',
      }),
      'ownership',
    );
  const begin = (instanceId: string, activationId: string, person: string) =>
    t.call('startStep', executionV1.StartStepRequest.fromPartial({ instanceId, activationId }), person);
  const complete = (
    instanceId: string,
    activationId: string,
    person: string,
    output: Record<string, unknown>,
    idempotencyKey = '',
  ) =>
    t.call(
      'completeStep',
      executionV1.CompleteStepRequest.fromPartial({ instanceId, activationId, output, idempotencyKey }),
      person,
    );
  const get = async (instanceId: string) =>
    (await t.call('getInstance', executionV1.GetInstanceRequest.fromPartial({ instanceId })))
      .instance as executionV1.Instance;

  describe('when an onboarding runs', () => {
    it('goes through the three parallel branches and the join to completion', async () => {
      const started = await start('cand-1');
      const instance = started.instance as executionV1.Instance;
      expect(started.alreadyExisted).toBe(false);
      expect(instance.state).toBe(InstanceState.INSTANCE_STATE_RUNNING);
      expect(instance.definitionName).toBe('Employee onboarding');
      expect(instance.activations.map((a) => a.activationId).sort()).toEqual([
        'prepare-orientation#1',
        'process-paperwork#1',
        'provision-it#1',
      ]);
      const orientation = instance.activations.find((a) => a.stepId === 'prepare-orientation');
      expect(orientation?.owner?.personId).toBe('grace');
      const id = instance.instanceId;

      const branches: [string, string, Record<string, unknown>][] = [
        ['provision-it#1', 'ivan', { laptopSerial: 'SN-1', workEmail: 'ada@example.com' }],
        ['process-paperwork#1', 'hana', { employeeId: 'E-7', payrollEnrolled: true }],
        ['prepare-orientation#1', 'grace', { buddyId: 'bob', orientationAt: '2026-04-01T09:00:00Z' }],
      ];
      for (const [activationId, person, output] of branches) {
        const assigned = await assign(id, activationId, person);
        expect(assigned.activation?.state).toBe(StepState.STEP_STATE_ASSIGNED);
        expect(assigned.activation?.assigneePersonId).toBe(person);
        const picked = await begin(id, activationId, person);
        expect(picked.activation?.state).toBe(StepState.STEP_STATE_STARTED);
        t.clock.advance(60_000);
        const done = await complete(id, activationId, person, output);
        expect(done.activation?.state).toBe(StepState.STEP_STATE_COMPLETED);
        if (activationId !== 'prepare-orientation#1') expect(done.activated).toEqual([]);
        else {
          expect(done.activated.map((a) => a.activationId)).toEqual(['welcome-on-day-one#1']);
          expect(done.activated[0]?.handedOffFrom.map((h) => h.stepId).sort()).toEqual([
            'prepare-orientation',
            'process-paperwork',
            'provision-it',
          ]);
        }
      }
      await assign(id, 'welcome-on-day-one#1', 'pia');
      await begin(id, 'welcome-on-day-one#1', 'pia');
      const last = await complete(id, 'welcome-on-day-one#1', 'pia', { firstDayCompleted: true });
      expect(last.instanceCompleted).toBe(true);

      const finished = await get(id);
      expect(finished.state).toBe(InstanceState.INSTANCE_STATE_COMPLETED);
      expect(finished.endedAt).toBeDefined();
      expect(finished.data?.['employeeId']).toBe('E-7');
      expect(finished.activations.every((a) => a.state === StepState.STEP_STATE_COMPLETED)).toBe(true);
      expect(Number(finished.streamVersion)).toBe(Number(last.streamVersion));
      const events = await t.runtime.store.readStream(`instance-${id}`);
      expect(events.at(-1)?.type).toBe('InstanceCompleted');
      expect(events.find((e) => e.type === 'StepStarted')?.metadata.actor).toBe('ivan');
    });
  });

  describe('when a command does not fit the step', () => {
    it('refuses completing an unstarted step with FAILED_PRECONDITION, naming the state and the allowed commands', async () => {
      const id = (await start('cand-illegal')).instance?.instanceId as string;
      const error = await rejected(complete(id, 'provision-it#1', 'ivan', {}));
      expect(error.code).toBe(status.FAILED_PRECONDITION);
      const details = statusDetailsOf(error)?.details ?? [];
      const precondition = details.find((d) => d.typeUrl.endsWith('PreconditionFailure'));
      const info = details.find((d) => d.typeUrl.endsWith('ErrorInfo'));
      expect(unpackAnyAs(precondition as never, googleRpc.PreconditionFailure).violations[0]?.subject).toBe(
        'activated',
      );
      const allowed = JSON.parse(unpackAnyAs(info as never, googleRpc.ErrorInfo).metadata['allowed'] ?? '[]');
      expect(allowed).toContain('AssignStep');
      expect(allowed).not.toContain('CompleteStep');
      expect((await get(id)).streamVersion).toBe('4');
    });

    it('answers ABORTED when the expected version is stale', async () => {
      const id = (await start('cand-stale')).instance?.instanceId as string;
      const error = await rejected(
        t.call(
          'assignStep',
          executionV1.AssignStepRequest.fromPartial({
            instanceId: id,
            activationId: 'provision-it#1',
            personId: 'ivan',
            expectedVersion: '2',
          }),
        ),
      );
      expect(error.code).toBe(status.ABORTED);
      const ok = await t.call(
        'assignStep',
        executionV1.AssignStepRequest.fromPartial({
          instanceId: id,
          activationId: 'provision-it#1',
          personId: 'ivan',
          expectedVersion: '4',
        }),
      );
      expect(ok.streamVersion).toBe('5');
    });
  });

  describe('when a request is incomplete', () => {
    it('answers INVALID_ARGUMENT naming every missing field', async () => {
      const error = await rejected(t.call('assignStep', executionV1.AssignStepRequest.fromPartial({})));
      expect(error.code).toBe(status.INVALID_ARGUMENT);
      const bad = statusDetailsOf(error)?.details.find((d) => d.typeUrl.endsWith('BadRequest'));
      expect(unpackAnyAs(bad as never, googleRpc.BadRequest).fieldViolations.map((v) => v.field)).toEqual([
        'instance_id',
        'activation_id',
        'person_id',
      ]);
    });

    it('refuses start data the trigger requires with the fields named', async () => {
      const error = await rejected(start('cand-x', { data: { candidateId: 'cand-x' } }));
      expect(error.code).toBe(status.INVALID_ARGUMENT);
      const bad = statusDetailsOf(error)?.details.find((d) => d.typeUrl.endsWith('BadRequest'));
      expect(unpackAnyAs(bad as never, googleRpc.BadRequest).fieldViolations.map((v) => v.field)).toEqual(
        expect.arrayContaining(['data.candidateName']),
      );
    });

    it('refuses output larger than the payload limit', async () => {
      const error = await rejected(
        t.call(
          'completeStep',
          executionV1.CompleteStepRequest.fromPartial({
            instanceId: 'i',
            activationId: 'a',
            output: { blob: 'x'.repeat(300_000) },
          }),
        ),
      );
      expect(error.code).toBe(status.INVALID_ARGUMENT);
      expect(error.details).toContain('output');
    });

    it('answers NOT_FOUND for an unknown definition and instance', async () => {
      expect(
        (
          await rejected(
            t.call(
              'startInstance',
              executionV1.StartInstanceRequest.fromPartial({ definitionId: 'nope', businessKey: 'k' }),
            ),
          )
        ).code,
      ).toBe(status.NOT_FOUND);
      expect((await rejected(get('0193f000-0000-7000-8000-000000000000'))).code).toBe(status.NOT_FOUND);
    });
  });

  describe('when a start is repeated', () => {
    it('returns the running instance with the same business key, recording nothing', async () => {
      const first = await start('cand-dup');
      const again = await start('cand-dup');
      expect(again.alreadyExisted).toBe(true);
      expect(again.instance?.instanceId).toBe(first.instance?.instanceId);
      const listed = await t.call(
        'listInstances',
        executionV1.ListInstancesRequest.fromPartial({
          definitionId: 'employee-onboarding',
          businessKey: 'cand-dup',
        }),
      );
      expect(listed.instances).toHaveLength(1);
    });

    it('returns the instance its idempotency key started, and starts anew once the holder of a business key ended', async () => {
      const first = await start('cand-key', { idempotencyKey: 'req-1' });
      const id = first.instance?.instanceId as string;
      await t.call(
        'cancelInstance',
        executionV1.CancelInstanceRequest.fromPartial({ instanceId: id, reason: 'offer withdrawn' }),
      );
      const retried = await start('cand-key', { idempotencyKey: 'req-1' });
      expect(retried.alreadyExisted).toBe(true);
      expect(retried.instance?.instanceId).toBe(id);
      expect(retried.instance?.state).toBe(InstanceState.INSTANCE_STATE_CANCELLED);
      const fresh = await start('cand-key', { idempotencyKey: 'req-2' });
      expect(fresh.alreadyExisted).toBe(false);
      expect(fresh.instance?.instanceId).not.toBe(id);
    });
  });

  describe('when CompleteStep is retried with its idempotency key', () => {
    it('records nothing new and answers as the first time', async () => {
      const id = (await start('cand-retry')).instance?.instanceId as string;
      await assign(id, 'provision-it#1', 'ivan');
      await begin(id, 'provision-it#1', 'ivan');
      const output = { laptopSerial: 'SN-9', workEmail: 'x@example.com' };
      const first = await complete(id, 'provision-it#1', 'ivan', output, 'complete-1');
      const retry = await complete(id, 'provision-it#1', 'ivan', output, 'complete-1');
      expect(retry.streamVersion).toBe(first.streamVersion);
      expect(retry.activation?.state).toBe(StepState.STEP_STATE_COMPLETED);
      expect(await t.runtime.store.streamVersion(`instance-${id}`)).toBe(Number(first.streamVersion));
      const pinned = await t.call(
        'completeStep',
        executionV1.CompleteStepRequest.fromPartial({
          instanceId: id,
          activationId: 'provision-it#1',
          output,
          idempotencyKey: 'complete-1',
          expectedVersion: '6',
        }),
        'ivan',
      );
      expect(pinned.streamVersion).toBe(first.streamVersion);
      // Later commands put the first completion's events deep in the stream; a retry still finds them.
      await assign(id, 'process-paperwork#1', 'hana');
      await begin(id, 'process-paperwork#1', 'hana');
      await complete(id, 'process-paperwork#1', 'hana', { employeeId: 'E-7', payrollEnrolled: true });
      await assign(id, 'prepare-orientation#1', 'grace');
      await begin(id, 'prepare-orientation#1', 'grace');
      const orientation = { buddyId: 'bob', orientationAt: '2026-04-01T09:00:00Z' };
      const joined = await complete(id, 'prepare-orientation#1', 'grace', orientation, 'complete-2');
      expect(joined.activated.map((a) => a.activationId)).toEqual(['welcome-on-day-one#1']);
      const lateRetry = await complete(id, 'provision-it#1', 'ivan', output, 'complete-1');
      expect(lateRetry.activation).toEqual(first.activation);
      expect(lateRetry.activated).toEqual(first.activated);
      expect(await complete(id, 'prepare-orientation#1', 'grace', orientation, 'complete-2')).toEqual(joined);
    });
  });

  describe('when people look for work', () => {
    it('lists a team its open work earliest due first, and a person what is assigned to them', async () => {
      const late = (await start('cand-late', { data: hire('cand-late', '2026-06-01') })).instance?.instanceId;
      const early = (await start('cand-early', { data: hire('cand-early', '2026-03-20') })).instance
        ?.instanceId;
      const mid = (await start('cand-mid', { data: hire('cand-mid', '2026-05-01') })).instance?.instanceId;
      const work = await t.call(
        'listWork',
        executionV1.ListWorkRequest.fromPartial({
          teamId: 'it-service-desk',
          definitionId: 'employee-onboarding',
        }),
      );
      const ours = work.workItems.filter((w) => [late, early, mid].includes(w.instanceId));
      expect(ours.map((w) => w.instanceId)).toEqual([early, mid, late]);
      const dues = work.workItems.map((w) => w.activation?.dueAt?.getTime() ?? Infinity);
      expect([...dues].sort((a, b) => a - b)).toEqual(dues);

      await assign(mid as string, 'provision-it#1', 'quinn');
      await assign(early as string, 'provision-it#1', 'quinn');
      const mine = await t.call('listWork', executionV1.ListWorkRequest.fromPartial({ personId: 'quinn' }));
      expect(mine.workItems.map((w) => w.instanceId)).toEqual([early, mid]);
      expect(mine.workItems[0]?.activation?.state).toBe(StepState.STEP_STATE_ASSIGNED);

      const paged = await t.call(
        'listWork',
        executionV1.ListWorkRequest.fromPartial({ personId: 'quinn', pageSize: 1 }),
      );
      expect(paged.workItems.map((w) => w.instanceId)).toEqual([early]);
      const next = await t.call(
        'listWork',
        executionV1.ListWorkRequest.fromPartial({
          personId: 'quinn',
          pageSize: 1,
          pageToken: paged.nextPageToken,
        }),
      );
      expect(next.workItems.map((w) => w.instanceId)).toEqual([mid]);
      expect(next.nextPageToken).toBe('');
    });

    it('lists instances newest first, filtered by state', async () => {
      const older = (await start('cand-old')).instance?.instanceId;
      t.clock.advance(1_000);
      const newer = (await start('cand-new')).instance?.instanceId;
      await t.call(
        'cancelInstance',
        executionV1.CancelInstanceRequest.fromPartial({ instanceId: older, reason: 'withdrawn' }),
      );
      const all = await t.call(
        'listInstances',
        executionV1.ListInstancesRequest.fromPartial({ definitionId: 'employee-onboarding' }),
      );
      const ids = all.instances.map((i) => i.instanceId);
      expect(ids.indexOf(newer as string)).toBeLessThan(ids.indexOf(older as string));
      expect(all.instances[0]?.activations).toEqual([]);
      const cancelled = await t.call(
        'listInstances',
        executionV1.ListInstancesRequest.fromPartial({ states: [InstanceState.INSTANCE_STATE_CANCELLED] }),
      );
      expect(cancelled.instances.map((i) => i.instanceId)).toContain(older);
      expect(cancelled.instances.map((i) => i.instanceId)).not.toContain(newer);
    });

    it('refuses a work listing for nobody', async () => {
      expect((await rejected(t.call('listWork', executionV1.ListWorkRequest.fromPartial({})))).code).toBe(
        status.INVALID_ARGUMENT,
      );
    });
  });
});
