import { analyticsV1, definitionV1, executionV1, ownershipV1 } from '@baton/contracts';
import { createTestTokenIssuer, tokenCallGuard, type TestTokenIssuer } from '@baton/grpc-server';
import { ManualClock } from '@baton/service-kit';
import { databaseUrl, describeWith, kafkaBrokers, uniqueName } from '@baton/testing';
import { status, type ServiceError } from '@grpc/grpc-js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BatonConnection } from '../cli/connection';
import { startDistributedCluster, type DistributedCluster } from './distributed-cluster';
import { eventually, outcome, pause } from './access/answers';

const ACCESS_CHECK = readFileSync(join(__dirname, 'access', 'access-check.yaml'), 'utf8');

/** access-check (owned by billing) or sales-check (owned by sales). */
const definition = (id: 'access-check' | 'sales-check', description = 'Distributed.') => ({
  source: {
    format: definitionV1.SourceFormat.SOURCE_FORMAT_YAML,
    text: ACCESS_CHECK.replace(/^id: access-check$/m, `id: ${id}`)
      .replace(/^description: .*$/m, `description: ${description}`)
      .replace(
        /^owner: \{ team: billing \}$/m,
        `owner: { team: ${id === 'sales-check' ? 'sales' : 'billing'} }`,
      )
      .replace('event: access.check.requested', `event: ${id}.requested`),
  },
});

/**
 * The team lead and process owner rules on the distributed services (each its own gRPC server
 * verifying bearer tokens, PostgreSQL schemas, Kafka topics): execution learns the directory's
 * memberships and analytics the definitions' owners from the other services' topics.
 */
describeWith(['kafka', 'postgres'], 'Rules on resources, distributed (real Kafka and PostgreSQL)', () => {
  let cluster: DistributedCluster;
  let idp: TestTokenIssuer;
  const as: Record<string, BatonConnection> = {};
  let instanceId = '';

  beforeAll(async () => {
    idp = await createTestTokenIssuer();
    cluster = await startDistributedCluster({
      databaseUrl: databaseUrl(),
      kafkaBrokers: kafkaBrokers(),
      prefix: uniqueName('rules'),
      clock: new ManualClock(Date.parse('2026-03-02T08:00:00Z')),
      guard: tokenCallGuard(idp.config()),
    });
    const people: Record<string, { roles: string[]; teams: string[] }> = {
      admin: { roles: ['admin'], teams: [] },
      dana: { roles: ['team-lead'], teams: ['billing'] },
      olga: { roles: ['process-owner'], teams: ['billing'] },
    };
    for (const [subject, claims] of Object.entries(people)) {
      as[subject] = new BatonConnection({
        address: cluster.addresses.execution,
        serviceAddresses: cluster.addresses,
        timeoutMs: 10_000,
        token: await idp.sign({ subject, ...claims }),
      });
    }
    const a = as['admin'] as BatonConnection;
    for (const id of ['access-check', 'sales-check'] as const) {
      await a.call(
        a.definition,
        a.definition.publishDefinition,
        definitionV1.PublishDefinitionRequest.fromPartial(definition(id)),
      );
    }
    // The cluster seeds a directory of its own (teams sales and billing among them): add to it.
    const unlessExists = (call: Promise<unknown>) =>
      call.catch((error: ServiceError) => {
        if (error.code !== status.ALREADY_EXISTS) throw error;
      });
    for (const personId of ['ann', 'cy']) {
      await unlessExists(
        a.call(
          a.ownership,
          a.ownership.registerPerson,
          ownershipV1.RegisterPersonRequest.fromPartial({ personId, displayName: personId }),
        ),
      );
    }
    for (const [teamId, personId] of [
      ['billing', 'ann'],
      ['sales', 'cy'],
    ] as const) {
      await unlessExists(
        a.call(
          a.ownership,
          a.ownership.createTeam,
          ownershipV1.CreateTeamRequest.fromPartial({ teamId, name: teamId }),
        ),
      );
      await unlessExists(
        a.call(
          a.ownership,
          a.ownership.addMember,
          ownershipV1.AddMemberRequest.fromPartial({ teamId, personId }),
        ),
      );
    }
    const start = executionV1.StartInstanceRequest.fromPartial({
      definitionId: 'access-check',
      businessKey: 'case-1',
      data: { caseId: 'case-1' },
    });
    for (let i = 0; !instanceId; i++) {
      try {
        instanceId = (await a.call(a.execution, a.execution.startInstance, start)).instance?.instanceId ?? '';
      } catch (error) {
        if ((error as ServiceError).code !== status.NOT_FOUND || i > 1500) throw error;
        await pause(20);
      }
    }
  }, 180_000);
  afterAll(async () => {
    for (const c of Object.values(as)) c.close();
    await cluster?.stop();
  });

  it('lets a team lead assign a step of their team to a member the directory lists, no one else', async () => {
    const dana = as['dana'] as BatonConnection;
    const step = { instanceId, activationId: 'review#1' };
    const assign = (personId: string) =>
      outcome(
        dana.call(
          dana.execution,
          dana.execution.assignStep,
          executionV1.AssignStepRequest.fromPartial({ ...step, personId }),
        ),
      );
    expect(
      await eventually(
        () => assign('ann'),
        (answer) => answer === 'OK',
        1500,
      ),
    ).toBe('OK');
    expect(
      await outcome(
        dana.call(
          dana.execution,
          dana.execution.reassignStep,
          executionV1.ReassignStepRequest.fromPartial({ ...step, toPersonId: 'cy' }),
        ),
      ),
    ).toBe(
      'PERMISSION_DENIED: permission step.reassign is required: the new assignee must be a member of team billing',
    );
  }, 60_000);

  it('lets a process owner manage and read their own processes only', async () => {
    const olga = as['olga'] as BatonConnection;
    expect(
      await outcome(
        olga.call(
          olga.definition,
          olga.definition.publishDefinition,
          definitionV1.PublishDefinitionRequest.fromPartial(definition('sales-check', 'Taken over.')),
        ),
      ),
    ).toBe(
      'PERMISSION_DENIED: permission definition.publish is required: process owners publish new versions of their own processes only',
    );
    expect(
      await outcome(
        olga.call(
          olga.definition,
          olga.definition.publishDefinition,
          definitionV1.PublishDefinitionRequest.fromPartial(definition('access-check', 'Second.')),
        ),
      ),
    ).toBe('OK');
    const stats = (definitionId: string) =>
      outcome(
        olga.call(
          olga.analytics,
          olga.analytics.getStepStats,
          analyticsV1.GetStepStatsRequest.fromPartial({ filter: { definitionId } }),
        ),
      );
    // Analytics learns the owners from the definition events topic.
    expect(
      await eventually(
        () => stats('access-check'),
        (answer) => answer === 'OK',
        1500,
      ),
    ).toBe('OK');
    expect(await stats('sales-check')).toBe(
      'PERMISSION_DENIED: permission analytics.read is required: process owners read the analytics of their own processes only',
    );
  }, 60_000);
});
