import { definitionV1, executionV1, ownershipV1 } from '@baton/contracts';
import { status, type ServiceError } from '@grpc/grpc-js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BatonConnection } from '../../cli/connection';
import { TokenHost } from './token-host';

const DEFINITION = readFileSync(join(__dirname, 'access-check.yaml'), 'utf8');

const refusal = (promise: Promise<unknown>): Promise<string> =>
  promise.then(
    () => 'OK',
    (error: ServiceError) => `${status[error.code]}: ${error.details}`,
  );

/**
 * The rules on resources, over gRPC with bearer tokens: who works, claims, assigns and reassigns
 * which step, whose instances an integrator reads, whose availability a person sets; and the
 * actor every event records is the token's subject, whatever x-baton-actor says (each connection
 * sends `mallory`).
 */
describe('Resource rules over gRPC', () => {
  let baton: TokenHost;
  const as: Record<string, BatonConnection> = {};
  let instanceId = '';

  const step = (who: string, method: 'startStep' | 'completeStep', activationId: string, output = {}) => {
    const c = as[who] as BatonConnection;
    return method === 'startStep'
      ? c.call(
          c.execution,
          c.execution.startStep,
          executionV1.StartStepRequest.fromPartial({ instanceId, activationId }),
        )
      : c.call(
          c.execution,
          c.execution.completeStep,
          executionV1.CompleteStepRequest.fromPartial({ instanceId, activationId, output }),
        );
  };

  beforeAll(async () => {
    baton = await TokenHost.start();
    const people: Record<string, { roles: string[]; teams: string[] }> = {
      admin: { roles: ['admin'], teams: [] },
      owner: { roles: ['process-owner'], teams: ['billing'] },
      erp: { roles: ['integrator'], teams: [] },
      crm: { roles: ['integrator'], teams: [] },
      ann: { roles: ['worker'], teams: ['billing'] },
      bob: { roles: ['worker'], teams: ['billing'] },
      cy: { roles: ['worker'], teams: ['sales'] },
      dana: { roles: ['team-lead'], teams: ['billing'] },
      sam: { roles: ['team-lead', 'worker'], teams: ['sales'] },
    };
    for (const [subject, claims] of Object.entries(people)) {
      as[subject] = baton.connection(await baton.token({ subject, ...claims }));
    }
    const o = as['owner'] as BatonConnection;
    await o.call(
      o.definition,
      o.definition.publishDefinition,
      definitionV1.PublishDefinitionRequest.fromPartial({
        source: { format: definitionV1.SourceFormat.SOURCE_FORMAT_YAML, text: DEFINITION },
      }),
    );
  });
  afterAll(async () => {
    for (const c of Object.values(as)) c.close();
    await baton.stop();
  });

  it('records the integrator that started an instance, and shows it to that integrator only', async () => {
    const erp = as['erp'] as BatonConnection;
    const start = executionV1.StartInstanceRequest.fromPartial({
      definitionId: 'access-check',
      businessKey: 'case-1',
      data: { caseId: 'case-1' },
    });
    // Execution learns the published definition from the bus, a moment after publishing.
    for (let i = 0; !instanceId; i++) {
      try {
        instanceId =
          (await erp.call(erp.execution, erp.execution.startInstance, start)).instance?.instanceId ?? '';
      } catch (error) {
        if ((error as ServiceError).code !== status.NOT_FOUND || i > 100) throw error;
        await new Promise((r) => setTimeout(r, 20));
      }
    }
    const get = executionV1.GetInstanceRequest.fromPartial({ instanceId });
    const mine = await erp.call(erp.execution, erp.execution.getInstance, get);
    expect(mine.instance?.startedBy?.id).toBe('erp');
    const crm = as['crm'] as BatonConnection;
    expect(await refusal(crm.call(crm.execution, crm.execution.getInstance, get))).toBe(
      'PERMISSION_DENIED: permission instance.read is required: integrators read the instances they started',
    );
  });

  it('lists an integrator the instances it started, and refuses it anyone else’s', async () => {
    const crm = as['crm'] as BatonConnection;
    const theirs = await crm.call(
      crm.execution,
      crm.execution.startInstance,
      executionV1.StartInstanceRequest.fromPartial({
        definitionId: 'access-check',
        businessKey: 'case-2',
        data: { caseId: 'case-2' },
      }),
    );
    const list = (who: string, startedBy = '') => {
      const c = as[who] as BatonConnection;
      return c
        .call(
          c.execution,
          c.execution.listInstances,
          executionV1.ListInstancesRequest.fromPartial({ definitionId: 'access-check', startedBy }),
        )
        .then((r) => r.instances.map((i) => `${i.businessKey} by ${i.startedBy?.id}`).sort());
    };
    expect(await list('erp')).toEqual(['case-1 by erp']);
    expect(await list('crm')).toEqual(['case-2 by crm']);
    expect(await list('erp', 'erp')).toEqual(['case-1 by erp']);
    expect(await refusal(list('erp', 'crm'))).toBe(
      'PERMISSION_DENIED: permission instance.list is required: integrators list the instances they started',
    );
    expect(await list('admin')).toEqual(['case-1 by erp', 'case-2 by crm']);
    expect(await list('owner', 'crm')).toEqual(['case-2 by crm']);
    expect(theirs.instance?.startedBy?.id).toBe('crm');
  });

  it("lets a worker claim a step of their team only, and work it once it is theirs, not someone else's", async () => {
    expect(await refusal(step('cy', 'startStep', 'review#1'))).toBe(
      "PERMISSION_DENIED: permission step.work is required: the step is claimable by its owning team's members only",
    );
    expect(await refusal(step('ann', 'startStep', 'review#1'))).toBe('OK');
    expect(await refusal(step('bob', 'completeStep', 'review#1', { note: 'mine now' }))).toBe(
      'PERMISSION_DENIED: permission step.work is required: the step is assigned to someone else',
    );
    expect(await refusal(step('ann', 'completeStep', 'review#1', { note: 'looks right' }))).toBe('OK');
  });

  it('lets a team lead assign and reassign within their team only', async () => {
    const assign = (who: string, personId: string) => {
      const c = as[who] as BatonConnection;
      return c.call(
        c.execution,
        c.execution.assignStep,
        executionV1.AssignStepRequest.fromPartial({ instanceId, activationId: 'ship#1', personId }),
      );
    };
    const reassign = (who: string, toPersonId: string) => {
      const c = as[who] as BatonConnection;
      return c.call(
        c.execution,
        c.execution.reassignStep,
        executionV1.ReassignStepRequest.fromPartial({ instanceId, activationId: 'ship#1', toPersonId }),
      );
    };
    const outsideTeam =
      'PERMISSION_DENIED: permission step.%s is required: team leads act on the steps of their own teams only';
    expect(await refusal(assign('dana', 'cy'))).toBe(outsideTeam.replace('%s', 'assign'));
    expect(await refusal(assign('cy', 'cy'))).toBe('PERMISSION_DENIED: permission step.assign is required');
    // cy is in sales by her token only: this directory lists no one (team-lead.spec.ts seeds one).
    expect(await refusal(assign('sam', 'cy'))).toBe(
      'PERMISSION_DENIED: permission step.assign is required: the new assignee must be a member of team sales',
    );
    expect(await refusal(assign('sam', 'sam'))).toBe('OK');
    expect(await refusal(reassign('dana', 'sam'))).toBe(outsideTeam.replace('%s', 'reassign'));
    expect(await refusal(step('sam', 'startStep', 'ship#1'))).toBe('OK');
    expect(await refusal(step('sam', 'completeStep', 'ship#1', { shipmentId: 's-1' }))).toBe('OK');
  });

  it('leaves automated steps to integrators', async () => {
    expect(await refusal(step('ann', 'startStep', 'sync#1'))).toBe(
      'PERMISSION_DENIED: permission step.work is required: automated steps are run by integrators',
    );
    expect(await refusal(step('erp', 'startStep', 'sync#1'))).toBe('OK');
    expect(await refusal(step('erp', 'completeStep', 'sync#1'))).toBe('OK');
  });

  it("records every event's actor as the token's subject, never what x-baton-actor said", async () => {
    const events = await baton.host.runtime.store.readStream(`instance-${instanceId}`);
    const actors = [...new Set(events.map((e) => e.metadata.actor))].sort();
    expect(actors).toEqual(['ann', 'erp', 'sam']);
    expect(events.map((e) => e.type)).toContain('InstanceCompleted');
  });

  it('lets people set their own availability, not anyone else’s', async () => {
    const ann = as['ann'] as BatonConnection;
    const set = (personId: string) =>
      ann.call(
        ann.ownership,
        ann.ownership.setAvailability,
        ownershipV1.SetAvailabilityRequest.fromPartial({
          personId,
          availability: { status: ownershipV1.AvailabilityStatus.AVAILABILITY_STATUS_AVAILABLE },
        }),
      );
    expect(await refusal(set('bob'))).toBe(
      'PERMISSION_DENIED: permission availability.set is required: people set their own availability only',
    );
    // Past the rule, the directory's own answer: ann is not registered in this empty directory.
    expect(await refusal(set('ann'))).toMatch(/^NOT_FOUND|^OK/);
  });
});
